//! Embeds the built Connect page (`web/connect/dist`, made by `scripts/build-web.sh`)
//! into the binary. Without a build, a fallback page saying how to build it is
//! embedded instead, so `cargo build` and clippy work on a machine without Node.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    let manifest = PathBuf::from(env("CARGO_MANIFEST_DIR"));
    let dist = manifest.join("../../web/connect/dist");
    println!("cargo:rerun-if-changed={}", dist.display());
    println!(
        "cargo:rerun-if-changed={}",
        dist.join("index.html").display()
    );
    println!("cargo:rerun-if-changed={}", dist.join("assets").display());
    let mut files = Vec::new();
    if dist.join("index.html").is_file() {
        collect(&dist, &dist, &mut files);
    } else {
        println!(
            "cargo:warning=web/connect/dist is missing: the Connect page is a fallback (run scripts/build-web.sh)"
        );
    }
    files.sort();
    let mut code = String::from("/// Files of the built Connect page, by path under dist/.\n");
    let built = !files.is_empty();
    code.push_str("pub static FILES: &[(&str, &[u8])] = &[\n");
    for (relative, absolute) in &files {
        let _ = writeln!(code, "    ({relative:?}, include_bytes!({absolute:?})),");
    }
    code.push_str("];\n");
    let _ = writeln!(code, "pub const BUILT: bool = {built};");
    let out = PathBuf::from(env("OUT_DIR"));
    if let Err(e) = std::fs::write(out.join("connect_assets.rs"), code) {
        panic!("cannot write connect_assets.rs: {e}");
    }
}

fn collect(root: &Path, dir: &Path, files: &mut Vec<(String, String)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            println!("cargo:rerun-if-changed={}", path.display());
            collect(root, &path, files);
        } else if let Ok(relative) = path.strip_prefix(root) {
            let relative = relative.to_string_lossy().replace('\\', "/");
            files.push((relative, path.to_string_lossy().into_owned()));
        }
    }
}

fn env(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| panic!("cargo sets {name}"))
}
