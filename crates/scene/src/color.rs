//! Colours as `#rrggbb`, with the common colour names.

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::borrow::Cow;
use std::fmt;

/// An sRGB colour, written `#rrggbb` in scene files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Color {
    /// Red, 0–255.
    pub r: u8,
    /// Green, 0–255.
    pub g: u8,
    /// Blue, 0–255.
    pub b: u8,
}

/// Colour names the planner and scene files understand, with their sRGB values.
const NAMED: &[(&str, [u8; 3])] = &[
    ("red", [200, 32, 32]),
    ("orange", [240, 120, 20]),
    ("yellow", [245, 205, 40]),
    ("green", [40, 150, 60]),
    ("blue", [35, 80, 200]),
    ("purple", [120, 50, 160]),
    ("violet", [140, 80, 200]),
    ("pink", [240, 130, 170]),
    ("brown", [120, 75, 40]),
    ("black", [18, 18, 20]),
    ("white", [238, 238, 235]),
    ("gray", [128, 128, 128]),
    ("grey", [128, 128, 128]),
    ("silver", [190, 192, 196]),
    ("gold", [212, 170, 60]),
    ("golden", [212, 170, 60]),
    ("brass", [181, 146, 66]),
    ("bronze", [150, 105, 50]),
    ("copper", [184, 110, 60]),
    ("cyan", [40, 190, 210]),
    ("teal", [20, 128, 128]),
    ("navy", [20, 30, 90]),
    ("beige", [220, 200, 160]),
    ("tan", [200, 165, 115]),
    ("maroon", [110, 20, 30]),
    ("turquoise", [60, 200, 190]),
    ("magenta", [210, 40, 160]),
    ("lime", [140, 210, 50]),
    ("cream", [245, 235, 205]),
];

impl Color {
    /// A colour from its components.
    pub const fn rgb(r: u8, g: u8, b: u8) -> Self {
        Color { r, g, b }
    }

    /// The colour with this English name ("red", "navy"), if it is one.
    pub fn named(name: &str) -> Option<Color> {
        let name = name.to_ascii_lowercase();
        NAMED
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, [r, g, b])| Color::rgb(*r, *g, *b))
    }

    /// Every colour name understood.
    pub fn names() -> impl Iterator<Item = &'static str> {
        NAMED.iter().map(|(n, _)| *n)
    }

    /// Parses `#rrggbb` (the `#` is optional).
    pub fn from_hex(text: &str) -> Option<Color> {
        let hex = text.strip_prefix('#').unwrap_or(text);
        if hex.len() != 6 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
            return None;
        }
        let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
        Some(Color::rgb(byte(0)?, byte(2)?, byte(4)?))
    }

    /// The colour in linear light, each channel 0–1.
    pub fn linear(self) -> [f32; 3] {
        fn channel(c: u8) -> f32 {
            let s = c as f32 / 255.0;
            if s <= 0.04045 {
                s / 12.92
            } else {
                ((s + 0.055) / 1.055).powf(2.4)
            }
        }
        [channel(self.r), channel(self.g), channel(self.b)]
    }
}

impl fmt::Display for Color {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{:02x}{:02x}{:02x}", self.r, self.g, self.b)
    }
}

impl Serialize for Color {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Color {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Color::from_hex(&text)
            .or_else(|| Color::named(&text))
            .ok_or_else(|| {
                serde::de::Error::custom(format!(
                    "`{text}` is not a colour: write #rrggbb (for example #c82020) or a name such as red"
                ))
            })
    }
}

impl JsonSchema for Color {
    fn schema_name() -> Cow<'static, str> {
        "Color".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "description": "An sRGB colour as #rrggbb, or a colour name such as red.",
            "pattern": "^(#?[0-9a-fA-F]{6}|[A-Za-z]+)$"
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_round_trips() {
        let c = Color::from_hex("#c82020").unwrap();
        assert_eq!(c, Color::rgb(200, 32, 32));
        assert_eq!(c.to_string(), "#c82020");
        assert_eq!(Color::from_hex("zz0000"), None);
        assert_eq!(Color::from_hex("#fff"), None);
    }

    #[test]
    fn names_resolve_and_linearize() {
        assert_eq!(Color::named("Red"), Some(Color::rgb(200, 32, 32)));
        assert!(Color::named("chartreuse-ish").is_none());
        let [r, g, b] = Color::rgb(255, 0, 128).linear();
        assert!((r - 1.0).abs() < 1e-6 && g == 0.0 && (b - 0.2158).abs() < 1e-3);
    }
}
