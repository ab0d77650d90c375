//! Painting the body: which faces are skin, lips, hair, beard, top, bottom or
//! shoes, from each face's limb and where it sits against landmarks of the body (the eyes,
//! the mouth, the joints), scaled to the head's size.

use crate::body::Body;
use glam::Vec3;
use scene::{Bottom, FacialHair, Hair, Limb, PersonLook, Top};

/// What a piece of the figure's surface is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Paint {
    /// Bare skin.
    Skin,
    /// The lips.
    Lips,
    /// Inside the mouth.
    Mouth,
    /// Hair on the head.
    Hair,
    /// Beard, moustache or stubble.
    Beard,
    /// The top (shirt, coat, dress).
    Top,
    /// The knot of a suit's tie.
    Tie,
    /// Small parts of clothes in a contrasting colour: a hoodie's drawstrings.
    Trim,
    /// Trousers, shorts or skirt.
    Bottom,
    /// The shoes.
    Shoes,
    /// The soles of the shoes.
    Sole,
    /// White of the eye.
    EyeWhite,
    /// The iris.
    Iris,
    /// The pupil.
    Pupil,
    /// Eyelashes.
    Lashes,
    /// Teeth.
    Teeth,
    /// The tongue.
    Tongue,
    /// Frames of glasses.
    Glasses,
    /// A cap, hat or helmet.
    Headwear,
    /// The dark visor of a space helmet.
    Visor,
}

/// Landmarks of a body in its rest pose, for deciding what covers each face.
pub(crate) struct Landmarks {
    pub eye_y: f32,
    pub eyes: [Vec3; 2],
    pub mouth: Vec3,
    /// Centre of the skull seen from above (x, z) and its half depth and half width.
    pub head_centre: Vec3,
    pub head_half: [f32; 2],
    /// Size of this head against an adult's (1).
    pub scale: f32,
    pub skeleton: crate::Skeleton,
}

impl Landmarks {
    pub fn of(body: &Body, dominant: &[u8]) -> Landmarks {
        let head: Vec<Vec3> = body
            .vertices
            .iter()
            .zip(dominant)
            .filter(|(_, l)| **l == Limb::Head as u8)
            .map(|(v, _)| *v)
            .collect();
        let (mut lo, mut hi) = (Vec3::splat(f32::MAX), Vec3::splat(f32::MIN));
        for v in &head {
            lo = lo.min(*v);
            hi = hi.max(*v);
        }
        let eye_y = (body.eyes.0[0].y + body.eyes.0[1].y) / 2.0;
        Landmarks {
            eye_y,
            eyes: body.eyes.0,
            mouth: body.mouth,
            head_centre: Vec3::new((lo.x + hi.x) / 2.0, eye_y, 0.0),
            head_half: [(hi.x - lo.x) / 2.0, (hi.z - lo.z) / 2.0],
            scale: ((hi.y - eye_y) / 0.115).clamp(0.5, 1.4),
            skeleton: body.skeleton,
        }
    }

    /// How far round the head a point is: 1 straight ahead, 0 at the sides, -1 behind.
    pub fn front(&self, p: Vec3) -> f32 {
        let d = Vec3::new(p.x - self.head_centre.x, 0.0, p.z);
        if d.length() < 1e-6 {
            0.0
        } else {
            d.x / d.length()
        }
    }

    /// The height of the hairline at a point round the head.
    pub fn hairline(&self, p: Vec3) -> f32 {
        let f = self.front(p);
        let above = if f > 0.0 {
            0.02 + 0.035 * f
        } else {
            0.02 + 0.1 * f
        };
        self.eye_y + above * self.scale
    }
}

/// How a top covers the arms: the share of the way from shoulder to hand its sleeves reach.
fn sleeve(top: Top) -> f32 {
    match top {
        Top::Shirt | Top::Coat | Top::Jacket | Top::Suit => 0.95,
        Top::Hoodie => 0.97,
        Top::TShirt | Top::Dress => 0.3,
        Top::Jersey => -1.0,
    }
}

/// The height of a top's neckline at `c`: round the back of the neck, dipping at the
/// front, deeper for a t-shirt's or jersey's scoop than for a collar.
fn collar(top: Top, m: &Landmarks, c: Vec3) -> f32 {
    let s = m.scale;
    let neck = m.skeleton.pivot(Limb::Neck);
    let front = ((c.x - neck.x) / (0.06 * s)).clamp(0.0, 1.0);
    let dip = match top {
        Top::TShirt | Top::Dress => 0.035,
        Top::Jersey => 0.06,
        Top::Hoodie | Top::Suit | Top::Jacket => 0.0,
        Top::Shirt | Top::Coat => 0.012,
    };
    neck.y + (0.012 - dip * front * front) * s
}

/// What covers a face of the body whose centre is `c` and whose limb is `limb`.
pub(crate) fn body_paint(look: &PersonLook, m: &Landmarks, c: Vec3, limb: Limb) -> Paint {
    let s = m.scale;
    let k = &m.skeleton;
    let top = look.top.unwrap_or(Top::TShirt);
    let bottom = look.bottom.unwrap_or(Bottom::Trousers);
    let skirted = top == Top::Dress || bottom == Bottom::Skirt;
    let long_top = matches!(top, Top::Coat | Top::Jacket | Top::Suit | Top::Hoodie);
    match limb {
        Limb::Neck | Limb::Torso if c.y < collar(top, m, c) => Paint::Top,
        Limb::Head | Limb::Neck | Limb::Torso => face_paint(look, m, c, limb),
        Limb::Pelvis => {
            let pelvis = k.pivot(Limb::Pelvis).y;
            let belt = pelvis + 0.06 * s;
            let covered = top == Top::Coat || (long_top && c.y > pelvis - 0.04 * s);
            if covered || c.y > belt {
                Paint::Top
            } else if top == Top::Dress {
                Paint::Skin
            } else {
                Paint::Bottom
            }
        }
        Limb::UpperArmLeft
        | Limb::UpperArmRight
        | Limb::ForearmLeft
        | Limb::ForearmRight
        | Limb::HandLeft
        | Limb::HandRight => {
            let (shoulder, hand) = if limb.side() < 0.0 {
                (k.pivot(Limb::UpperArmLeft), k.pivot(Limb::HandLeft))
            } else {
                (k.pivot(Limb::UpperArmRight), k.pivot(Limb::HandRight))
            };
            let t = (shoulder.y - c.y) / (shoulder.y - hand.y).max(0.05);
            if t < sleeve(top) {
                Paint::Top
            } else {
                Paint::Skin
            }
        }
        Limb::ThighLeft | Limb::ThighRight | Limb::ShinLeft | Limb::ShinRight => {
            let (hip, knee, ankle) = if limb.side() < 0.0 {
                (
                    k.pivot(Limb::ThighLeft),
                    k.pivot(Limb::ShinLeft),
                    k.pivot(Limb::FootLeft),
                )
            } else {
                (
                    k.pivot(Limb::ThighRight),
                    k.pivot(Limb::ShinRight),
                    k.pivot(Limb::FootRight),
                )
            };
            let above_knee = (c.y - knee.y) / (hip.y - knee.y).max(0.05);
            if c.y < ankle.y + 0.03 * s {
                Paint::Shoes
            } else if top == Top::Coat && above_knee > 0.35 {
                Paint::Top
            } else if skirted {
                Paint::Skin
            } else if bottom == Bottom::Shorts {
                if above_knee > 0.4 {
                    Paint::Bottom
                } else {
                    Paint::Skin
                }
            } else {
                Paint::Bottom
            }
        }
        Limb::FootLeft | Limb::FootRight => Paint::Shoes,
        Limb::Jaw | Limb::Eyes => Paint::Skin,
    }
}

/// Head and neck: hair, brows, lips, the inside of the mouth, facial hair and skin.
fn face_paint(look: &PersonLook, m: &Landmarks, c: Vec3, limb: Limb) -> Paint {
    let s = m.scale;
    let front = m.front(c);
    let mouth = m.mouth;
    let hair = look.hair.unwrap_or(Hair::Short);
    if limb == Limb::Head && hair != Hair::Bald && c.y > m.hairline(c) {
        return Paint::Hair;
    }
    let dy = c.y - mouth.y;
    // Inside the lips; toward the corners only what lies well back (the skin there curves
    // back too, and must stay skin).
    let corner = (c.z.abs() - 0.012 * s).max(0.0);
    if c.x < mouth.x - 0.004 * s - 0.8 * corner && c.z.abs() < 0.024 * s && dy.abs() < 0.02 * s {
        return Paint::Mouth;
    }
    // The lips' piece reaches past the lips (the renderer draws their outline on it),
    // except into a moustache or beard.
    let bearded = matches!(
        look.facial_hair,
        Some(FacialHair::Moustache | FacialHair::Beard)
    );
    let (reach, width) = if bearded {
        (0.0085, 0.023)
    } else {
        (0.013, 0.03)
    };
    if front > 0.7 && dy.abs() < reach * s && c.z.abs() < width * s {
        return Paint::Lips;
    }
    let moustache = front > 0.75 && dy > 0.007 * s && dy < 0.022 * s && c.z.abs() < 0.03 * s;
    let beard = front > -0.15
        && c.y < m.eye_y - 0.025 * s
        && (dy < 0.004 * s || front < 0.75)
        && c.y > m.skeleton.pivot(Limb::Neck).y + 0.045 * s;
    match look.facial_hair.unwrap_or(FacialHair::None) {
        FacialHair::Moustache if moustache => Paint::Beard,
        FacialHair::Beard | FacialHair::Stubble if moustache || beard => Paint::Beard,
        _ => Paint::Skin,
    }
}
