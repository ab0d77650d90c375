//! The manifest signed into an MP4, read back by this crate and by an independent reader
//! (the c2pa Python package, installed by scripts/test.sh).

use provenance::{Facts, Signing, SourceType, read, sha256_hex, sign};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The Python with the c2pa package (scripts/test.sh makes it).
fn python() -> PathBuf {
    if let Some(p) = std::env::var_os("DIORAMA_TEST_PYTHON") {
        return p.into();
    }
    let venv =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/test-python/bin/python");
    assert!(
        venv.exists(),
        "{} is missing: run scripts/test.sh, which installs the c2pa reader for this test",
        venv.display()
    );
    venv
}

/// What the independent reader says: (validation state, generator name, source type).
fn independent(path: &Path) -> serde_json::Value {
    let script = r#"
import json, sys, c2pa
reader = c2pa.Reader(sys.argv[1])
store = json.loads(reader.json())
manifest = store["manifests"][store["active_manifest"]]
actions = next(a for a in manifest["assertions"] if a["label"].startswith("c2pa.actions"))
created = next(x for x in actions["data"]["actions"] if x["action"] == "c2pa.created")
print(json.dumps({
    "state": reader.get_validation_state(),
    "generator": manifest["claim_generator_info"][0]["name"],
    "source": created["digitalSourceType"],
    "ingredients": [i.get("relationship") for i in manifest.get("ingredients", [])],
    "credits": next((a["data"]["credits"] for a in manifest["assertions"] if a["label"] == "org.diorama.credits"), None),
    "failures": [f["code"] for f in (store.get("validation_results", {}).get("activeManifest", {}).get("failure", []))],
}))
"#;
    let out = Command::new(python())
        .arg("-c")
        .arg(script)
        .arg(path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "the c2pa reader failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn every_video_carries_a_manifest_that_an_independent_reader_validates() {
    let dir = testkit::workdir("c2pa");
    let signing = Signing::local(&dir.join("keys")).unwrap();
    assert!(signing.local);
    // The local CA is made once and kept.
    let again = Signing::local(&dir.join("keys")).unwrap();
    assert_eq!(signing.chain_pem, again.chain_pem);

    let (plain, signed) = (dir.join("plain.mp4"), dir.join("signed.mp4"));
    testkit::grey_clip(&plain, 40);
    let scene = r#"{"version":1,"duration":1}"#;
    let credits = [assets::Credit {
        title: "Bulldog".into(),
        creator: "Priide".into(),
        licence: "CC-BY-3.0".into(),
        source: "Debian sweethome3d-furniture, BlendSwap-CC-BY pack".into(),
    }];
    sign(
        &signing,
        &Facts {
            title: "a red ball".into(),
            source: SourceType::Algorithmic,
            prompt: "a red ball bounces",
            scene_json: scene,
            video_id: Some("video_0123"),
            parent: None,
            watermark: Some(0x0123_4567_89ab_cdef),
            credits: &credits,
        },
        &plain,
        &signed,
    )
    .unwrap();
    assert_eq!(
        read(&plain).unwrap(),
        None,
        "an unsigned file has no manifest"
    );

    let report = read(&signed).unwrap().expect("a manifest");
    assert!(report.valid, "{report:?}");
    assert!(report.local_untrusted_signer, "{report:?}");
    assert_eq!(
        report.generator.as_deref(),
        Some(concat!("Diorama ", env!("CARGO_PKG_VERSION")))
    );
    assert_eq!(
        report.source_type.as_deref(),
        Some(SourceType::Algorithmic.uri())
    );
    assert_eq!(report.video_id.as_deref(), Some("video_0123"));
    assert_eq!(report.prompt_sha256, Some(sha256_hex("a red ball bounces")));
    assert_eq!(report.scene_sha256, Some(sha256_hex(scene)));
    assert!(report.parents.is_empty());
    assert_eq!(report.credits, credits);

    let seen = independent(&signed);
    assert_eq!(seen["state"], "Valid", "{seen}");
    assert_eq!(seen["generator"], "Diorama");
    assert_eq!(seen["source"], SourceType::Algorithmic.uri());
    // The credits a CC-BY model is owed, as any C2PA reader sees them.
    assert_eq!(seen["credits"][0]["title"], "Bulldog");
    assert_eq!(seen["credits"][0]["creator"], "Priide");
    assert_eq!(seen["credits"][0]["licence"], "CC-BY-3.0");

    // A remix names its parent as an ingredient.
    let (plain2, remix) = (dir.join("plain2.mp4"), dir.join("remix.mp4"));
    testkit::grey_clip(&plain2, 90);
    sign(
        &signing,
        &Facts {
            title: "a blue ball".into(),
            source: SourceType::Algorithmic,
            prompt: "make the ball blue",
            scene_json: scene,
            video_id: Some("video_4567"),
            parent: Some(&signed),
            watermark: None,
            credits: &[],
        },
        &plain2,
        &remix,
    )
    .unwrap();
    let report = read(&remix).unwrap().unwrap();
    assert!(report.valid, "{report:?}");
    assert_eq!(
        report.parents,
        vec!["parent video (video_0123)".to_string()]
    );
    assert_eq!(
        independent(&remix)["ingredients"],
        serde_json::json!(["inputTo"])
    );

    // One changed byte of the picture breaks it, for both readers.
    let mut bytes = std::fs::read(&signed).unwrap();
    let at = bytes.len() - 100;
    bytes[at] ^= 0x55;
    let tampered = dir.join("tampered.mp4");
    std::fs::write(&tampered, bytes).unwrap();
    let report = read(&tampered).unwrap().unwrap();
    assert!(!report.valid, "{report:?}");
    assert!(
        report.problems.iter().any(|p| p.contains("bmffHash")),
        "{report:?}"
    );
    let seen = independent(&tampered);
    assert_eq!(seen["state"], "Invalid", "{seen}");
}
