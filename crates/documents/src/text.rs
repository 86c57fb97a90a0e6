//! Text for the PDF base-14 fonts: WinAnsi (Windows-1252) bytes, and widths from
//! Helvetica's font metrics so columns can be right-aligned and long descriptions
//! cut to fit. No font file is embedded or read: every PDF viewer has Helvetica.

/// The fonts a statement uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Font {
    Regular,
    Bold,
}

/// `text` in WinAnsiEncoding. Characters the encoding lacks become `?` and control
/// characters a space, so any description can be drawn and nothing fails.
pub(crate) fn win_ansi(text: &str) -> Vec<u8> {
    text.chars().map(win_ansi_byte).collect()
}

fn win_ansi_byte(c: char) -> u8 {
    let code = u32::from(c);
    match code {
        0x20..=0x7E => code as u8,
        0x00..=0x1F | 0x7F..=0x9F => b' ',
        0xA0..=0xFF => code as u8,
        _ => windows_1252_extra(c).unwrap_or(b'?'),
    }
}

/// The characters Windows-1252 puts in 0x80..=0x9F, where Latin-1 has controls.
fn windows_1252_extra(c: char) -> Option<u8> {
    Some(match c {
        '€' => 0x80,
        '‚' => 0x82,
        'ƒ' => 0x83,
        '„' => 0x84,
        '…' => 0x85,
        '†' => 0x86,
        '‡' => 0x87,
        'ˆ' => 0x88,
        '‰' => 0x89,
        'Š' => 0x8A,
        '‹' => 0x8B,
        'Œ' => 0x8C,
        'Ž' => 0x8E,
        '\u{2018}' => 0x91,
        '\u{2019}' => 0x92,
        '\u{201C}' => 0x93,
        '\u{201D}' => 0x94,
        '•' => 0x95,
        '–' => 0x96,
        '—' => 0x97,
        '˜' => 0x98,
        '™' => 0x99,
        'š' => 0x9A,
        '›' => 0x9B,
        'œ' => 0x9C,
        'ž' => 0x9E,
        'Ÿ' => 0x9F,
        _ => return None,
    })
}

/// Glyph widths (thousandths of the font size) of ASCII 0x20..=0x7E, from the
/// Adobe font metrics of Helvetica and Helvetica-Bold.
#[rustfmt::skip]
const REGULAR: [u16; 95] = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,
    1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
    333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
    556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
];

#[rustfmt::skip]
const BOLD: [u16; 95] = [
    278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278,
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611,
    975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778,
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584, 556,
    333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611,
    611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584,
];

/// Outside ASCII most Latin glyphs are about as wide as a digit.
const OTHER_WIDTH: u16 = 556;

/// The width in points of WinAnsi `bytes` set in `font` at `size`.
pub(crate) fn width(bytes: &[u8], font: Font, size: f32) -> f32 {
    let table = match font {
        Font::Regular => &REGULAR,
        Font::Bold => &BOLD,
    };
    let units: u32 = bytes
        .iter()
        .map(|&b| {
            let glyph = usize::from(b).checked_sub(0x20);
            u32::from(
                glyph
                    .and_then(|i| table.get(i))
                    .copied()
                    .unwrap_or(OTHER_WIDTH),
            )
        })
        .sum();
    units as f32 * size / 1000.0
}

/// `bytes` cut (with "...") so they fit in `max` points; unchanged if they fit.
pub(crate) fn fit(bytes: Vec<u8>, font: Font, size: f32, max: f32) -> Vec<u8> {
    if width(&bytes, font, size) <= max {
        return bytes;
    }
    let ellipsis = width(b"...", font, size);
    let mut kept = bytes;
    while !kept.is_empty() && width(&kept, font, size) + ellipsis > max {
        kept.pop();
    }
    while kept.last() == Some(&b' ') {
        kept.pop();
    }
    kept.extend_from_slice(b"...");
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unicode_becomes_win_ansi_or_a_question_mark() {
        assert_eq!(win_ansi("Café €5"), b"Caf\xe9 \x805".to_vec());
        assert_eq!(
            win_ansi("“quoted” – ok"),
            b"\x93quoted\x94 \x96 ok".to_vec()
        );
        assert_eq!(win_ansi("日本 🍣"), b"?? ?".to_vec());
        assert_eq!(win_ansi("tab\there\nnew"), b"tab here new".to_vec());
    }

    #[test]
    fn widths_follow_the_font_metrics() {
        assert!((width(b"0", Font::Regular, 10.0) - 5.56).abs() < 1e-4);
        assert!((width(b"$1,234.56", Font::Regular, 1000.0) - 4448.0).abs() < 1e-2);
        assert!(width(b"Mm", Font::Bold, 10.0) > width(b"Mm", Font::Regular, 10.0));
    }

    #[test]
    fn long_text_is_cut_to_fit() {
        let long = win_ansi(&"AMAZON MARKETPLACE ".repeat(10));
        let cut = fit(long, Font::Regular, 9.0, 200.0);
        assert!(width(&cut, Font::Regular, 9.0) <= 200.0);
        assert!(cut.ends_with(b"..."));
        assert_eq!(fit(b"short".to_vec(), Font::Regular, 9.0, 200.0), b"short");
    }
}
