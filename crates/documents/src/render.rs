//! The statement's pages, drawn with pdf-writer: page one carries the header and the
//! summary, later pages a short running header; every page ends with a footer.

use crate::text::{fit, width, win_ansi, Font};
use crate::{format_money, StatementDocument, StatementLine};
use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, Str, TextStr};
use rust_decimal::Decimal;
use std::ops::Range;
use time::{Date, OffsetDateTime, UtcOffset};

/// US Letter, in points, with ¾-inch side margins.
const PAGE_WIDTH: f32 = 612.0;
const PAGE_HEIGHT: f32 = 792.0;
const LEFT: f32 = 54.0;
const RIGHT: f32 = 558.0;

/// Table columns: dates and descriptions from the left, amounts right-aligned.
const DESCRIPTION_X: f32 = 122.0;
const AMOUNT_RIGHT: f32 = 470.0;
const DESCRIPTION_MAX: f32 = AMOUNT_RIGHT - 84.0 - DESCRIPTION_X;
const ROW: f32 = 15.0;
const TABLE_SIZE: f32 = 9.0;

/// Where the first row's baseline sits on page one and on later pages; rows go down
/// to `LAST_ROW` (the footer lives below it).
const FIRST_PAGE_TOP: f32 = 540.0;
const NEXT_PAGE_TOP: f32 = 680.0;
const LAST_ROW: f32 = 72.0;

const REGULAR: Name<'static> = Name(b"F1");
const BOLD: Name<'static> = Name(b"F2");

pub(crate) fn statement_pdf(statement: &StatementDocument) -> Vec<u8> {
    let title = format!(
        "{} statement, {}",
        statement.account_name,
        period_text(statement)
    );
    let info = DocumentInfo {
        title: &title,
        author: &statement.institution_name,
        generated_at: statement.generated_at,
    };
    sections_pdf("Account Statement", std::slice::from_ref(statement), &info)
}

/// Title, author and time of the PDF's document information dictionary.
pub(crate) struct DocumentInfo<'a> {
    pub(crate) title: &'a str,
    pub(crate) author: &'a str,
    pub(crate) generated_at: OffsetDateTime,
}

/// One PDF of several statement-shaped sections, each starting on a new page under the
/// heading `heading`; pages are numbered over the whole document.
pub(crate) fn sections_pdf(
    heading: &str,
    sections: &[StatementDocument],
    info_of: &DocumentInfo<'_>,
) -> Vec<u8> {
    let pages: Vec<(usize, usize, Range<usize>)> = sections
        .iter()
        .enumerate()
        .flat_map(|(s, section)| {
            paginate(section.lines.len())
                .into_iter()
                .enumerate()
                .map(move |(p, range)| (s, p, range))
        })
        .collect();
    let mut ids = 0;
    let mut next_id = || {
        ids += 1;
        Ref::new(ids)
    };
    let (catalog, tree, regular, bold, info) =
        (next_id(), next_id(), next_id(), next_id(), next_id());
    let page_ids: Vec<(Ref, Ref)> = pages.iter().map(|_| (next_id(), next_id())).collect();

    let mut pdf = Pdf::new();
    pdf.catalog(catalog).pages(tree);
    pdf.pages(tree)
        .kids(page_ids.iter().map(|(page, _)| *page))
        .count(i32::try_from(pages.len()).unwrap_or(i32::MAX));
    for (font, base) in [(regular, "Helvetica"), (bold, "Helvetica-Bold")] {
        pdf.type1_font(font)
            .base_font(Name(base.as_bytes()))
            .encoding_predefined(Name(b"WinAnsiEncoding"));
    }
    for (number, ((section, within, range), (page_id, content_id))) in
        pages.iter().zip(&page_ids).enumerate()
    {
        let mut page = pdf.page(*page_id);
        page.media_box(Rect::new(0.0, 0.0, PAGE_WIDTH, PAGE_HEIGHT))
            .parent(tree)
            .contents(*content_id);
        page.resources()
            .fonts()
            .pair(REGULAR, regular)
            .pair(BOLD, bold);
        page.finish();
        let place = PagePlace {
            number: number + 1,
            of: pages.len(),
            first_of_section: *within == 0,
        };
        let content = draw_page(heading, &sections[*section], place, range.clone());
        pdf.stream(*content_id, &content.finish());
    }
    document_info(&mut pdf, info, info_of);
    pdf.finish()
}

/// Which lines go on which page: page one holds fewer rows than the rest. A
/// statement without lines still gets its one page.
fn paginate(lines: usize) -> Vec<Range<usize>> {
    let rows = |top: f32| ((top - LAST_ROW) / ROW) as usize + 1;
    let (first, next) = (rows(FIRST_PAGE_TOP), rows(NEXT_PAGE_TOP));
    let mut pages = Vec::with_capacity(1 + lines.saturating_sub(first) / next.max(1) + 1);
    pages.push(0..lines.min(first));
    let mut start = first;
    while start < lines {
        pages.push(start..lines.min(start + next));
        start += next;
    }
    pages
}

#[derive(Debug, Clone, Copy)]
struct PagePlace {
    number: usize,
    of: usize,
    first_of_section: bool,
}

fn draw_page(
    heading: &str,
    statement: &StatementDocument,
    place: PagePlace,
    rows: Range<usize>,
) -> Content {
    let mut canvas = Canvas::new();
    let top = if place.first_of_section {
        first_page_header(&mut canvas, heading, statement);
        FIRST_PAGE_TOP
    } else {
        running_header(&mut canvas, statement);
        NEXT_PAGE_TOP
    };
    column_headers(&mut canvas, top + ROW + 2.0);
    let lines = statement.lines.get(rows.clone()).unwrap_or_default();
    if lines.is_empty() && place.first_of_section {
        let text = "No transactions posted in this period.";
        canvas.text(LEFT, top, Font::Regular, TABLE_SIZE, text);
    }
    for (i, line) in lines.iter().enumerate() {
        let y = top - ROW * i as f32;
        // Every other row shaded, counted over the whole statement, to guide the eye.
        if (rows.start + i) % 2 == 1 {
            canvas.band(y - 4.0, ROW, 0.95);
        }
        table_row(&mut canvas, line, &statement.currency_code, y);
    }
    footer(&mut canvas, statement.generated_at, place);
    canvas.content
}

fn first_page_header(canvas: &mut Canvas, heading: &str, s: &StatementDocument) {
    canvas.text(LEFT, 738.0, Font::Bold, 18.0, &s.institution_name);
    canvas.text_right(RIGHT, 742.0, Font::Bold, 12.0, heading);
    canvas.text(LEFT, 718.0, Font::Regular, 11.0, &s.account_name);
    if !s.account_number_mask.is_empty() {
        let ending = format!("Account ending in {}", s.account_number_mask);
        canvas.text_right(RIGHT, 718.0, Font::Regular, 10.0, &ending);
    }
    let period = format!("Statement period: {}", period_text(s));
    canvas.text(LEFT, 702.0, Font::Regular, 10.0, &period);
    let currency = format!("Currency: {}", s.currency_code);
    canvas.text_right(RIGHT, 702.0, Font::Regular, 10.0, &currency);
    canvas.rule(690.0, 0.5, 0.0);

    let (credits, debits, n_credits, n_debits) = totals(&s.lines);
    let money = |amount| format_money(amount, &s.currency_code);
    canvas.band(598.0, 82.0, 0.93);
    canvas.text(LEFT + 8.0, 664.0, Font::Bold, 11.0, "Summary");
    let rows = [
        (
            "Opening balance".to_owned(),
            money(s.opening_balance),
            Font::Regular,
        ),
        (
            format!("Credits ({n_credits})"),
            money(credits),
            Font::Regular,
        ),
        (format!("Debits ({n_debits})"), money(debits), Font::Regular),
        (
            "Closing balance".to_owned(),
            money(s.closing_balance),
            Font::Bold,
        ),
    ];
    for (i, (label, amount, font)) in rows.iter().enumerate() {
        let y = 646.0 - 14.0 * i as f32;
        canvas.text(LEFT + 8.0, y, *font, 10.0, label);
        canvas.text_right(330.0, y, *font, 10.0, amount);
    }
    canvas.text(LEFT, 576.0, Font::Bold, 11.0, "Transactions");
}

/// Later pages repeat who and when, so a loose page still says what it is.
fn running_header(canvas: &mut Canvas, s: &StatementDocument) {
    let who = format!("{} - {}", s.institution_name, s.account_name);
    canvas.text(LEFT, 740.0, Font::Bold, 11.0, &who);
    let period = format!("Statement period: {}", period_text(s));
    canvas.text(LEFT, 726.0, Font::Regular, 9.0, &period);
    if !s.account_number_mask.is_empty() {
        let ending = format!("Account ending in {}", s.account_number_mask);
        canvas.text_right(RIGHT, 740.0, Font::Regular, 9.0, &ending);
    }
    canvas.rule(716.0, 0.5, 0.0);
}

fn column_headers(canvas: &mut Canvas, y: f32) {
    canvas.text(LEFT, y, Font::Bold, TABLE_SIZE, "Date");
    canvas.text(DESCRIPTION_X, y, Font::Bold, TABLE_SIZE, "Description");
    canvas.text_right(AMOUNT_RIGHT, y, Font::Bold, TABLE_SIZE, "Amount");
    canvas.text_right(RIGHT, y, Font::Bold, TABLE_SIZE, "Balance");
    canvas.rule(y - 5.0, 0.75, 0.0);
}

fn table_row(canvas: &mut Canvas, line: &StatementLine, currency: &str, y: f32) {
    canvas.text(LEFT, y, Font::Regular, TABLE_SIZE, &short_date(line.date));
    let description = fit(
        win_ansi(&line.description),
        Font::Regular,
        TABLE_SIZE,
        DESCRIPTION_MAX,
    );
    canvas.bytes(DESCRIPTION_X, y, Font::Regular, TABLE_SIZE, &description);
    let amount = format_money(line.amount, currency);
    canvas.text_right(AMOUNT_RIGHT, y, Font::Regular, TABLE_SIZE, &amount);
    let balance = format_money(line.balance, currency);
    canvas.text_right(RIGHT, y, Font::Regular, TABLE_SIZE, &balance);
}

fn footer(canvas: &mut Canvas, generated_at: OffsetDateTime, place: PagePlace) {
    canvas.rule(54.0, 0.25, 0.4);
    let at = generated_at.to_offset(UtcOffset::UTC);
    let generated = format!(
        "Generated {:04}-{:02}-{:02} {:02}:{:02} UTC",
        at.year(),
        u8::from(at.month()),
        at.day(),
        at.hour(),
        at.minute()
    );
    canvas.text(LEFT, 40.0, Font::Regular, 8.0, &generated);
    let page = format!("Page {} of {}", place.number, place.of);
    canvas.text_right(RIGHT, 40.0, Font::Regular, 8.0, &page);
}

/// Credits and debits over the lines: (credits, debits (negative), counts).
fn totals(lines: &[StatementLine]) -> (Decimal, Decimal, usize, usize) {
    lines.iter().fold(
        (Decimal::ZERO, Decimal::ZERO, 0, 0),
        |(credits, debits, nc, nd), line| {
            if line.amount.is_sign_negative() && !line.amount.is_zero() {
                (credits, debits + line.amount, nc, nd + 1)
            } else {
                (credits + line.amount, debits, nc + 1, nd)
            }
        },
    )
}

fn period_text(s: &StatementDocument) -> String {
    format!(
        "{} to {}",
        long_date(s.period_start),
        long_date(s.period_end)
    )
}

/// "March 1, 2026".
fn long_date(date: Date) -> String {
    format!("{} {}, {}", date.month(), date.day(), date.year())
}

/// "03/01/2026", as US statements print transaction dates.
fn short_date(date: Date) -> String {
    format!(
        "{:02}/{:02}/{:04}",
        u8::from(date.month()),
        date.day(),
        date.year()
    )
}

fn document_info(pdf: &mut Pdf, id: Ref, s: &DocumentInfo<'_>) {
    let at = s.generated_at.to_offset(UtcOffset::UTC);
    let created = pdf_writer::Date::new(u16::try_from(at.year()).unwrap_or(0))
        .month(u8::from(at.month()))
        .day(at.day())
        .hour(at.hour())
        .minute(at.minute())
        .second(at.second())
        .utc_offset_hour(0);
    let mut info = pdf.document_info(id);
    info.title(TextStr(s.title))
        .author(TextStr(s.author))
        .producer(TextStr("Polyfin"))
        .creation_date(created);
    info.finish();
}

/// A page's content stream with the few drawing moves a statement needs.
struct Canvas {
    content: Content,
}

impl Canvas {
    fn new() -> Self {
        Self {
            content: Content::new(),
        }
    }

    fn text(&mut self, x: f32, y: f32, font: Font, size: f32, text: &str) {
        self.bytes(x, y, font, size, &win_ansi(text));
    }

    fn text_right(&mut self, right: f32, y: f32, font: Font, size: f32, text: &str) {
        let bytes = win_ansi(text);
        let x = right - width(&bytes, font, size);
        self.bytes(x, y, font, size, &bytes);
    }

    /// WinAnsi bytes at (x, y): one text object each, so every string stays whole
    /// for text extraction.
    fn bytes(&mut self, x: f32, y: f32, font: Font, size: f32, bytes: &[u8]) {
        let name = match font {
            Font::Regular => REGULAR,
            Font::Bold => BOLD,
        };
        self.content
            .begin_text()
            .set_font(name, size)
            .next_line(x, y)
            .show(Str(bytes))
            .end_text();
    }

    /// A horizontal line across the text width.
    fn rule(&mut self, y: f32, line_width: f32, gray: f32) {
        self.content
            .save_state()
            .set_stroke_gray(gray)
            .set_line_width(line_width)
            .move_to(LEFT, y)
            .line_to(RIGHT, y)
            .stroke()
            .restore_state();
    }

    /// A shaded band across the text width, from `y` up `height` points.
    fn band(&mut self, y: f32, height: f32, gray: f32) {
        self.content
            .save_state()
            .set_fill_gray(gray)
            .rect(LEFT - 4.0, y, RIGHT - LEFT + 8.0, height)
            .fill_nonzero()
            .restore_state();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_hold_every_line_once() {
        assert_eq!(paginate(0), vec![0..0]);
        assert_eq!(paginate(3), vec![0..3]);
        let pages = paginate(200);
        assert!(pages.len() > 1);
        assert_eq!(pages.first().map(|p| p.start), Some(0));
        assert_eq!(pages.last().map(|p| p.end), Some(200));
        for pair in pages.windows(2) {
            assert_eq!(pair[0].end, pair[1].start);
        }
    }

    #[test]
    fn dates_read_the_american_way() {
        let date = time::macros::date!(2026 - 03 - 01);
        assert_eq!(long_date(date), "March 1, 2026");
        assert_eq!(short_date(date), "03/01/2026");
    }
}
