//! C2PA: a manifest signed into every MP4 (what made it, from what, with which prompt and
//! scene), and reading one back with its validation.

use crate::{ProvenanceError, Signing};
use c2pa::{Builder, Context, Reader, SigningAlg};
use serde::Serialize;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use std::fs::File;
use std::io::BufReader;
use std::path::Path;

/// Label of Diorama's own assertion: hashes of the prompt and scene, and the video's id.
pub const GENERATION_ASSERTION: &str = "org.diorama.generation";

/// The label of the assertion listing whom the video owes credit (models, panoramas).
pub const CREDITS_ASSERTION: &str = "org.diorama.credits";

/// The generator named in every manifest.
pub const GENERATOR: &str = "Diorama";

/// What kind of media this is, as the IPTC digital source type says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceType {
    /// Made by an algorithm without training data: the builtin simulation generator.
    Algorithmic,
    /// Made by a trained model: neural backends.
    TrainedAlgorithmic,
    /// Real and synthetic elements combined: cameo insertions.
    Composite,
}

impl SourceType {
    /// The IPTC URI.
    pub fn uri(self) -> &'static str {
        match self {
            SourceType::Algorithmic => {
                "http://cv.iptc.org/newscodes/digitalsourcetype/algorithmicMedia"
            }
            SourceType::TrainedAlgorithmic => {
                "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"
            }
            SourceType::Composite => "http://cv.iptc.org/newscodes/digitalsourcetype/composite",
        }
    }
}

/// The facts a manifest states.
#[derive(Debug, Clone)]
pub struct Facts<'a> {
    /// A title for the asset.
    pub title: String,
    /// How it was made.
    pub source: SourceType,
    /// The prompt (only its SHA-256 is written).
    pub prompt: &'a str,
    /// The scene program JSON (only its SHA-256 is written).
    pub scene_json: &'a str,
    /// The platform's id for the video, when it has one.
    pub video_id: Option<&'a str>,
    /// The video this one was made from (remix, edit, extension), as an ingredient.
    pub parent: Option<&'a Path>,
    /// The payload of the invisible marks in the pictures and the sound.
    pub watermark: Option<u64>,
    /// The works the video shows or is lit by, with their creators and licences.
    pub credits: &'a [assets::Credit],
}

/// Hex SHA-256 of text.
pub fn sha256_hex(text: &str) -> String {
    hex::encode(Sha256::digest(text.as_bytes()))
}

fn c2pa_error(e: c2pa::Error) -> ProvenanceError {
    ProvenanceError::C2pa(e.to_string())
}

/// Signs a manifest with `facts` into the MP4 at `input`, writing `output`.
pub fn sign(
    signing: &Signing,
    facts: &Facts,
    input: &Path,
    output: &Path,
) -> Result<(), ProvenanceError> {
    let version = env!("CARGO_PKG_VERSION");
    let mut builder = Builder::from_context(Context::new())
        .with_definition(
            json!({
                "title": facts.title,
                "format": "video/mp4",
                "claim_generator_info": [{"name": GENERATOR, "version": version}],
            })
            .to_string(),
        )
        .map_err(c2pa_error)?;
    let mut created = json!({
        "action": "c2pa.created",
        "digitalSourceType": facts.source.uri(),
        "softwareAgent": {"name": GENERATOR, "version": version},
    });
    if let Some(parent) = facts.parent {
        let mut stream =
            BufReader::new(File::open(parent).map_err(|source| ProvenanceError::Io {
                path: parent.display().to_string(),
                source,
            })?);
        builder
            .add_ingredient_from_stream(
                json!({"title": "parent video", "relationship": "inputTo", "label": "parent"})
                    .to_string(),
                "video/mp4",
                &mut stream,
            )
            .map_err(c2pa_error)?;
        created["parameters"] = json!({"ingredientIds": ["parent"]});
    }
    builder.add_action(created).map_err(c2pa_error)?;
    builder
        .add_assertion(
            GENERATION_ASSERTION,
            &json!({
                "prompt_sha256": sha256_hex(facts.prompt),
                "scene_sha256": sha256_hex(facts.scene_json),
                "video_id": facts.video_id,
                "watermark": facts.watermark.map(|w| format!("{w:016x}")),
            }),
        )
        .map_err(c2pa_error)?;
    builder
        .add_assertion(CREDITS_ASSERTION, &json!({ "credits": facts.credits }))
        .map_err(c2pa_error)?;
    let signer = c2pa::create_signer::from_keys(
        &signing.chain_pem,
        &signing.key_pem,
        SigningAlg::Es256,
        None,
    )
    .map_err(c2pa_error)?;
    let open = |path: &Path| {
        File::options()
            .read(true)
            .write(true)
            .create(true)
            .truncate(true)
            .open(path)
            .map_err(|source| ProvenanceError::Io {
                path: path.display().to_string(),
                source,
            })
    };
    let mut source = File::open(input).map_err(|source| ProvenanceError::Io {
        path: input.display().to_string(),
        source,
    })?;
    let mut dest = open(output)?;
    builder
        .sign(signer.as_ref(), "video/mp4", &mut source, &mut dest)
        .map_err(c2pa_error)?;
    Ok(())
}

/// Signs `unsigned` into `output` through a partial file, so that `output` appears only
/// when complete, and removes `unsigned`.
pub fn sign_file(
    signing: &Signing,
    facts: &Facts,
    unsigned: &Path,
    output: &Path,
) -> Result<(), ProvenanceError> {
    let mut name = output.file_name().unwrap_or_default().to_os_string();
    name.push(".signing");
    let partial = output.with_file_name(name);
    let result = sign(signing, facts, unsigned, &partial).and_then(|()| {
        std::fs::rename(&partial, output).map_err(|source| ProvenanceError::Io {
            path: output.display().to_string(),
            source,
        })
    });
    let _ = std::fs::remove_file(&partial);
    let _ = std::fs::remove_file(unsigned);
    result
}

/// What a file's manifest says and whether it holds.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ManifestReport {
    /// C2PA validation state: `Valid`, `Trusted` or `Invalid`.
    pub state: String,
    /// True when the manifest and the media it hashes are intact (`Valid` or `Trusted`).
    pub valid: bool,
    /// The signing certificate's common name.
    pub signer: Option<String>,
    /// Who issued the signing certificate.
    pub issuer: Option<String>,
    /// True when the signer is a local, untrusted Diorama CA (the embedded default).
    pub local_untrusted_signer: bool,
    /// The generator named in the manifest, with its version.
    pub generator: Option<String>,
    /// The IPTC digital source type of the `c2pa.created` action.
    pub source_type: Option<String>,
    /// The platform's id for the video.
    pub video_id: Option<String>,
    /// SHA-256 of the prompt.
    pub prompt_sha256: Option<String>,
    /// SHA-256 of the scene program.
    pub scene_sha256: Option<String>,
    /// The invisible marks' payload the manifest states, in hex.
    pub watermark: Option<String>,
    /// Titles (and platform ids, when they carry manifests) of the ingredients.
    pub parents: Vec<String>,
    /// Whom the video credits: the models it shows and the panorama lighting it.
    pub credits: Vec<assets::Credit>,
    /// Validation failures, by code.
    pub problems: Vec<String>,
}

/// The media type C2PA reads a file as, from its extension (MP4 when unknown).
fn media_type(path: &Path) -> &'static str {
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default();
    match extension.to_ascii_lowercase().as_str() {
        "mp3" => "audio/mpeg",
        "wav" => "audio/wav",
        "m4a" => "audio/mp4",
        "mov" => "video/quicktime",
        _ => "video/mp4",
    }
}

/// Reads and validates the manifest of an MP4 (or another file C2PA reads: MP3, WAV,
/// M4A, MOV); `None` when it has none.
pub fn read(path: &Path) -> Result<Option<ManifestReport>, ProvenanceError> {
    let file = File::open(path).map_err(|source| ProvenanceError::Io {
        path: path.display().to_string(),
        source,
    })?;
    let reader = match Reader::from_context(Context::new()).with_stream(media_type(path), file) {
        Ok(reader) => reader,
        Err(c2pa::Error::JumbfNotFound) | Err(c2pa::Error::ProvenanceMissing) => {
            return Ok(None);
        }
        Err(e) => return Err(c2pa_error(e)),
    };
    let state = format!("{:?}", reader.validation_state());
    let store: Value = serde_json::from_str(&reader.json())
        .map_err(|e| ProvenanceError::C2pa(format!("unreadable manifest store: {e}")))?;
    let active = store["active_manifest"].as_str().unwrap_or_default();
    let manifest = &store["manifests"][active];
    let assertion = |label: &str| -> Option<&Value> {
        manifest["assertions"]
            .as_array()?
            .iter()
            .find(|a| a["label"].as_str().is_some_and(|l| l.starts_with(label)))
            .map(|a| &a["data"])
    };
    let generation = assertion(GENERATION_ASSERTION);
    let text = |v: Option<&Value>| v.and_then(Value::as_str).map(str::to_string);
    let source_type = assertion("c2pa.actions").and_then(|a| {
        a["actions"]
            .as_array()?
            .iter()
            .find(|x| x["action"] == "c2pa.created")
            .and_then(|x| x["digitalSourceType"].as_str())
            .map(str::to_string)
    });
    let generator = manifest["claim_generator_info"]
        .as_array()
        .and_then(|g| g.first())
        .map(|g| {
            format!(
                "{} {}",
                g["name"].as_str().unwrap_or_default(),
                g["version"].as_str().unwrap_or_default()
            )
            .trim()
            .to_string()
        });
    let parents = manifest["ingredients"]
        .as_array()
        .map(|list| {
            list.iter()
                .map(|i| {
                    let title = i["title"].as_str().unwrap_or("ingredient").to_string();
                    // A parent made by Diorama names its own video id.
                    let id = i["active_manifest"].as_str().and_then(|label| {
                        store["manifests"][label]["assertions"]
                            .as_array()?
                            .iter()
                            .find(|a| a["label"] == GENERATION_ASSERTION)?["data"]["video_id"]
                            .as_str()
                            .map(str::to_string)
                    });
                    id.map_or(title.clone(), |id| format!("{title} ({id})"))
                })
                .collect()
        })
        .unwrap_or_default();
    let signature = &manifest["signature_info"];
    let issuer = text(signature.get("issuer"));
    let problems = store["validation_results"]["activeManifest"]["failure"]
        .as_array()
        .map(|f| {
            f.iter()
                .filter_map(|x| x["code"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    Ok(Some(ManifestReport {
        valid: matches!(state.as_str(), "Valid" | "Trusted"),
        state,
        signer: text(signature.get("common_name")),
        local_untrusted_signer: issuer
            .as_deref()
            .is_some_and(|i| i.contains("Diorama (local)"))
            || text(signature.get("common_name")).is_some_and(|c| c.contains("untrusted")),
        issuer,
        generator,
        source_type,
        video_id: text(generation.and_then(|g| g.get("video_id"))),
        prompt_sha256: text(generation.and_then(|g| g.get("prompt_sha256"))),
        scene_sha256: text(generation.and_then(|g| g.get("scene_sha256"))),
        watermark: text(generation.and_then(|g| g.get("watermark"))),
        parents,
        credits: assertion(CREDITS_ASSERTION)
            .and_then(|c| serde_json::from_value(c["credits"].clone()).ok())
            .unwrap_or_default(),
        problems,
    }))
}
