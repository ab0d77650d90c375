//! Licences of the furniture packs, read from the Debian package's machine-readable
//! copyright file.

use std::collections::HashMap;

/// The licence a model comes under.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Licence {
    /// CC0 1.0: public domain, no credit needed.
    Cc0,
    /// Creative Commons Attribution 3.0 (Unported, or the United States port): free to use
    /// in a video if the creator is credited.
    CcBy3,
}

impl Licence {
    /// Its SPDX identifier.
    pub fn spdx(self) -> &'static str {
        match self {
            Licence::Cc0 => "CC0-1.0",
            Licence::CcBy3 => "CC-BY-3.0",
        }
    }

    /// Whether a video using the model must credit its creator.
    pub fn needs_credit(self) -> bool {
        self == Licence::CcBy3
    }

    /// The licence a DEP-5 `License:` short name means, if one Diorama may use.
    fn from_dep5(name: &str) -> Option<Licence> {
        match name.trim() {
            "CC0" | "CC0-1.0" => Some(Licence::Cc0),
            "CC-BY-3.0" | "CC-BY-3.0-USA" | "CC-BY-3.0-US" => Some(Licence::CcBy3),
            _ => None,
        }
    }
}

/// Each pack's licence and copyright holders, by the pack's directory in the copyright
/// file (`KatorLegaz`, `BlendSwap-CC-0`, …); packs under any other licence are left out.
pub(crate) fn of_packs(copyright: &str) -> HashMap<String, (Licence, String)> {
    let mut out = HashMap::new();
    // Paragraphs are separated by blank lines; a files paragraph names its files, holders
    // and licence.
    for paragraph in copyright.split("\n\n") {
        let field = |name: &str| {
            paragraph
                .lines()
                .find_map(|l| l.strip_prefix(name))
                .map(str::trim)
        };
        let (Some(files), Some(licence)) = (field("Files:"), field("License:")) else {
            continue;
        };
        let Some(licence) = Licence::from_dep5(licence) else {
            continue;
        };
        let holders = field("Copyright:").unwrap_or_default().to_string();
        for pattern in files.split_whitespace() {
            if let Some(dir) = pattern.strip_suffix("/*") {
                out.insert(dir.to_string(), (licence, holders.clone()));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packs_take_the_licence_of_their_files_paragraph() {
        let text = "Format: x\n\nFiles: KatorLegaz/*\nCopyright: 2003, Kator\nLicense: CC-BY-3.0-USA\n\nFiles: BlendSwap-CC-0/*\nCopyright: 2014, eTeks\nLicense: CC0\n\nFiles: Other/*\nLicense: CC-BY-SA-3.0\n\nLicense: CC0\n CC0 1.0 Universal\n";
        let packs = of_packs(text);
        assert_eq!(
            packs["KatorLegaz"],
            (Licence::CcBy3, "2003, Kator".to_string())
        );
        assert_eq!(packs["BlendSwap-CC-0"].0, Licence::Cc0);
        assert!(!packs.contains_key("Other"), "share-alike is not usable");
        assert!(Licence::CcBy3.needs_credit() && !Licence::Cc0.needs_credit());
    }
}

/// A work used in a video, and whom to credit for it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Credit {
    /// What it is (`Bulldog`, `Sunset HDR panorama`).
    pub title: String,
    /// Who made it.
    pub creator: String,
    /// Its licence's SPDX identifier (`CC-BY-3.0`, `CC0-1.0`).
    pub licence: String,
    /// Where it comes from (the package and pack).
    pub source: String,
}

impl crate::Asset {
    /// The credit this model is owed in a video that shows it.
    pub fn credit(&self) -> Credit {
        Credit {
            title: self.name.clone(),
            creator: self.creator.clone(),
            licence: self.licence.spdx().to_string(),
            source: format!("Debian sweethome3d-furniture, {} pack", self.pack),
        }
    }
}

/// The credit an HDR panorama of [`crate::environments`] is owed in a video it lights.
pub fn environment_credit(name: &str) -> Credit {
    let mut title = name.to_string();
    if let Some(first) = title.get_mut(0..1) {
        first.make_ascii_uppercase();
    }
    let (creator, source) = match crate::environment_source(name) {
        Some(crate::PanoramaSource::PmndrsAssets) => (
            "Poly Haven",
            "npm @pmndrs/assets 1.7.0, hdri (CC0 panoramas from Poly Haven)",
        ),
        _ => ("Greg Zaal (HDRI Haven)", "Debian blender-data, world HDRIs"),
    };
    Credit {
        title: format!("{title} HDR panorama"),
        creator: creator.to_string(),
        licence: "CC0-1.0".to_string(),
        source: source.to_string(),
    }
}
