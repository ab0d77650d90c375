//! Embeds the English subset of the espeak-ng data that `espeak-rs-sys` compiles, so the
//! binary speaks without any system install, and links the libsonic it was built against.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Data files English speech needs, relative to `espeak-ng-data`.
const FILES: &[&str] = &[
    "phontab",
    "phonindex",
    "phondata",
    "intonations",
    "en_dict",
    "lang/gmw/en",
    "lang/gmw/en-US",
    "voices/!v/m3",
    "voices/!v/m7",
    "voices/!v/f2",
    "voices/!v/f3",
    "voices/!v/f5",
    "voices/!v/grandpa",
    "voices/!v/grandma",
    "voices/!v/robosoft",
];

fn main() {
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    let data = find_espeak_data(&out).unwrap_or_else(|| {
        panic!(
            "espeak-ng data not found next to {}: espeak-rs-sys should have built it \
             (it needs cmake and libclang; run scripts/setup.sh)",
            out.display()
        )
    });
    let mut table = String::from("/// The embedded espeak-ng data: (path, bytes).\n");
    table.push_str("pub const DATA: &[(&str, &[u8])] = &[\n");
    for file in FILES {
        let path = data.join(file);
        assert!(path.exists(), "espeak-ng data lacks {}", path.display());
        writeln!(
            table,
            "    ({file:?}, include_bytes!({:?})),",
            path.display().to_string()
        )
        .expect("writing to a String");
        println!("cargo:rerun-if-changed={}", path.display());
    }
    table.push_str("];\n");
    std::fs::write(out.join("espeak_data.rs"), table).expect("OUT_DIR is writable");

    // espeak-ng found the system libsonic and calls it; link it statically.
    for dir in [
        "/usr/lib/x86_64-linux-gnu",
        "/usr/lib/aarch64-linux-gnu",
        "/usr/lib",
        "/usr/local/lib",
    ] {
        if Path::new(dir).join("libsonic.a").exists() {
            println!("cargo:rustc-link-search=native={dir}");
            println!("cargo:rustc-link-lib=static=sonic");
            return;
        }
    }
}

/// The `share/espeak-ng-data` folder espeak-rs-sys installed in its build output, a
/// sibling of ours; the newest one when several builds exist.
fn find_espeak_data(out: &Path) -> Option<PathBuf> {
    let build = out.parent()?.parent()?;
    std::fs::read_dir(build)
        .ok()?
        .flatten()
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with("espeak-rs-sys-")
        })
        .map(|e| e.path().join("out/share/espeak-ng-data"))
        .filter(|p| p.join("phontab").exists())
        .max_by_key(|p| {
            std::fs::metadata(p.join("phontab"))
                .and_then(|m| m.modified())
                .ok()
        })
}
