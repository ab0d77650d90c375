//! Filling in the traits a look leaves out, from the person's id: the same id always gets
//! the same look, and different ids get visibly different ones.

use scene::{Bottom, ClothPattern, Color, Expression, FacialHair, Hair, PersonLook, Top};

/// A deterministic stream of numbers in [0, 1) from a key (splitmix64 over FNV-1a).
pub(crate) struct Dice(u64);

impl Dice {
    pub(crate) fn new(key: &str) -> Dice {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in key.bytes() {
            h = (h ^ b as u64).wrapping_mul(0x0100_0000_01b3);
        }
        Dice(h)
    }

    pub(crate) fn next(&mut self) -> f32 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        ((z ^ (z >> 31)) >> 40) as f32 / (1u64 << 24) as f32
    }

    fn pick<T: Copy>(&mut self, from: &[T]) -> T {
        from[((self.next() * from.len() as f32) as usize).min(from.len() - 1)]
    }

    /// Between `lo` and `hi`, more often near the middle.
    fn around(&mut self, lo: f32, hi: f32) -> f32 {
        lo + (hi - lo) * (self.next() + self.next()) / 2.0
    }
}

/// Skin albedos from very light to very dark (sRGB), blended continuously; lighter than
/// this reads as white paint under the sun.
const SKIN: [[u8; 3]; 6] = [
    [232, 194, 168],
    [222, 174, 140],
    [200, 142, 106],
    [164, 108, 74],
    [116, 74, 48],
    [72, 45, 31],
];

/// Natural hair colours: black, dark brown, brown, auburn, red, blond, light blond.
const HAIR: [[u8; 3]; 7] = [
    [22, 18, 16],
    [48, 32, 22],
    [88, 60, 38],
    [110, 50, 30],
    [150, 60, 30],
    [190, 150, 90],
    [220, 196, 140],
];

/// Everyday clothing colours (none close to a skin tone, which would read as bare skin).
const CLOTHES: [[u8; 3]; 11] = [
    [35, 80, 200],
    [200, 40, 45],
    [40, 130, 70],
    [240, 200, 50],
    [235, 235, 230],
    [30, 30, 34],
    [120, 60, 150],
    [240, 130, 40],
    [60, 150, 170],
    [230, 140, 170],
    [110, 120, 130],
];

/// Suit cloths: charcoal, navy, black, mid grey, beige.
const SUITS: [[u8; 3]; 5] = [
    [52, 54, 60],
    [30, 38, 70],
    [24, 24, 28],
    [110, 112, 118],
    [190, 170, 135],
];

/// Trouser colours: denim, black, khaki, grey, navy, brown.
const TROUSERS: [[u8; 3]; 6] = [
    [50, 70, 110],
    [28, 28, 32],
    [180, 160, 120],
    [95, 98, 105],
    [28, 36, 70],
    [90, 65, 45],
];

fn rgb(c: [u8; 3]) -> Color {
    Color::rgb(c[0], c[1], c[2])
}

/// A skin tone from the palette at `t` (0 lightest, 1 darkest).
pub fn skin_tone(t: f32) -> Color {
    let x = t.clamp(0.0, 1.0) * (SKIN.len() - 1) as f32;
    let i = (x as usize).min(SKIN.len() - 2);
    let f = x - i as f32;
    let mix = |k: usize| (SKIN[i][k] as f32 * (1.0 - f) + SKIN[i + 1][k] as f32 * f).round() as u8;
    Color::rgb(mix(0), mix(1), mix(2))
}

/// Everything `resolve` may choose for a person, drawn from their key in one fixed order,
/// so that naming one trait does not change the others.
struct Draws {
    age: f32,
    gender: f32,
    height: f32,
    weight: f32,
    muscle: f32,
    skin: Color,
    hair_color: Color,
    top: Top,
    top_color: Color,
    bottom_color: Color,
    shoes_color: Color,
    long_hair: f32,
    short_hair: f32,
    beard: f32,
    glasses: bool,
    shorts: bool,
    face: u32,
    suit_color: Color,
    pattern: ClothPattern,
    jersey_number: u32,
}

impl Draws {
    fn from(key: &str) -> Draws {
        let mut d = Dice::new(key);
        Draws {
            age: d.around(19.0, 58.0),
            gender: if d.next() < 0.5 { 0.0 } else { 1.0 },
            height: d.around(0.1, 0.6),
            weight: d.around(0.3, 0.7),
            muscle: d.around(0.3, 0.7),
            skin: skin_tone(d.next()),
            hair_color: rgb(d.pick(&HAIR[..6])),
            top: d.pick(&[
                Top::TShirt,
                Top::TShirt,
                Top::Shirt,
                Top::Hoodie,
                Top::Jacket,
                Top::Coat,
            ]),
            top_color: rgb(d.pick(&CLOTHES)),
            bottom_color: rgb(d.pick(&TROUSERS)),
            shoes_color: rgb(d.pick(&[[30, 30, 32], [240, 240, 240], [90, 60, 40]])),
            long_hair: d.next(),
            short_hair: d.next(),
            beard: d.next(),
            glasses: d.next() < 0.15,
            shorts: d.next() < 0.2,
            face: (d.next() * u32::MAX as f32) as u32,
            suit_color: rgb(d.pick(&SUITS)),
            pattern: match d.next() {
                p if p < 0.12 => ClothPattern::Stripes,
                p if p < 0.2 => ClothPattern::Checks,
                p if p < 0.24 => ClothPattern::Dots,
                _ => ClothPattern::Plain,
            },
            jersey_number: 1 + (d.next() * 98.0) as u32,
        }
    }
}

/// The look with every trait set: what `look` names, and the rest chosen from `key`.
pub fn resolve(look: &PersonLook, key: &str) -> PersonLook {
    let d = Draws::from(key);
    let age = look.age.unwrap_or(d.age).clamp(1.0, 90.0);
    let gender = look.gender.unwrap_or(d.gender).clamp(0.0, 1.0);
    let mut resolved = PersonLook {
        age: Some(age),
        gender: Some(gender),
        height: Some(look.height.unwrap_or(d.height).clamp(0.0, 1.0)),
        weight: Some(look.weight.unwrap_or(d.weight).clamp(0.0, 1.0)),
        muscle: Some(look.muscle.unwrap_or(d.muscle).clamp(0.0, 1.0)),
        skin: Some(look.skin.unwrap_or(d.skin)),
        hair: Some(look.hair.unwrap_or_else(|| hair(look, &d, age, gender))),
        hair_color: Some(look.hair_color.unwrap_or_else(|| greyed(d.hair_color, age))),
        facial_hair: Some(
            look.facial_hair
                .unwrap_or_else(|| facial_hair(&d, age, gender)),
        ),
        shoes_color: Some(look.shoes_color.unwrap_or(d.shoes_color)),
        headwear: Some(look.headwear.unwrap_or(scene::Headwear::None)),
        headwear_color: Some(look.headwear_color.unwrap_or(Color::rgb(30, 32, 40))),
        glasses: Some(look.glasses.unwrap_or(d.glasses)),
        face: Some(look.face.unwrap_or(d.face)),
        expression: Some(look.expression.unwrap_or(Expression::Neutral)),
        ..PersonLook::default()
    };
    dress(&mut resolved, look, &d);
    resolved
}

/// Hair greying from 50, white-grey at 80.
fn greyed(hair: Color, age: f32) -> Color {
    let grey = ((age - 50.0) / 30.0).clamp(0.0, 1.0);
    if grey <= 0.0 {
        return hair;
    }
    let g = Color::rgb(200, 200, 196);
    let mix = |a: u8, b: u8| (a as f32 * (1.0 - grey) + b as f32 * grey).round() as u8;
    Color::rgb(mix(hair.r, g.r), mix(hair.g, g.g), mix(hair.b, g.b))
}

/// A hair style for someone of this age and gender: long or a bob for women; short, a
/// buzz or (past 55, unless the prompt named a hair colour) bald for men.
fn hair(look: &PersonLook, d: &Draws, age: f32, gender: f32) -> Hair {
    if gender < 0.5 {
        if d.long_hair < 0.6 {
            Hair::Long
        } else {
            Hair::Bob
        }
    } else if age > 55.0 && d.short_hair < 0.3 && look.hair_color.is_none() {
        // Hair of a named colour is there to be seen.
        Hair::Bald
    } else if d.short_hair < 0.25 {
        Hair::Buzz
    } else {
        Hair::Short
    }
}

/// A grown man's beard, stubble or moustache now and then; no one else's.
fn facial_hair(d: &Draws, age: f32, gender: f32) -> FacialHair {
    if gender < 0.5 || age < 18.0 {
        return FacialHair::None;
    }
    match d.beard {
        b if b < 0.15 => FacialHair::Beard,
        b if b < 0.25 => FacialHair::Stubble,
        b if b < 0.3 => FacialHair::Moustache,
        _ => FacialHair::None,
    }
}

/// The clothes: what `look` names, the rest drawn. A suit's trousers are of its cloth;
/// patterns are for shirts, t-shirts and dresses; a sports jersey always has a number and
/// goes with shorts.
fn dress(resolved: &mut PersonLook, look: &PersonLook, d: &Draws) {
    let top = look.top.unwrap_or(d.top);
    let suit = top == Top::Suit;
    let top_color = look
        .top_color
        .unwrap_or(if suit { d.suit_color } else { d.top_color });
    let patterned = matches!(top, Top::TShirt | Top::Shirt | Top::Dress);
    resolved.top = Some(top);
    resolved.top_color = Some(top_color);
    resolved.top_pattern = Some(look.top_pattern.unwrap_or(if patterned {
        d.pattern
    } else {
        ClothPattern::Plain
    }));
    resolved.number = look
        .number
        .or((top == Top::Jersey).then_some(d.jersey_number));
    resolved.bottom = Some(look.bottom.unwrap_or(match top {
        Top::Dress => Bottom::Skirt,
        Top::Suit => Bottom::Trousers,
        Top::Jersey => Bottom::Shorts,
        _ if d.shorts => Bottom::Shorts,
        _ => Bottom::Trousers,
    }));
    resolved.bottom_color =
        Some(
            look.bottom_color
                .unwrap_or(if suit { top_color } else { d.bottom_color }),
        );
    resolved.bottom_pattern = Some(look.bottom_pattern.unwrap_or(ClothPattern::Plain));
}

/// How different two resolved looks are: age, build, colours of skin, hair and clothes,
/// and hair styles, each scaled so that a clearly visible difference counts about 1.
pub fn look_difference(a: &PersonLook, b: &PersonLook) -> f32 {
    let num = |x: Option<f32>, y: Option<f32>| (x.unwrap_or(0.5) - y.unwrap_or(0.5)).abs();
    let colour = |x: Option<Color>, y: Option<Color>| {
        let (x, y) = (
            x.unwrap_or(Color::rgb(0, 0, 0)),
            y.unwrap_or(Color::rgb(0, 0, 0)),
        );
        let d = [
            x.r as f32 - y.r as f32,
            x.g as f32 - y.g as f32,
            x.b as f32 - y.b as f32,
        ];
        (d[0] * d[0] + d[1] * d[1] + d[2] * d[2]).sqrt() / 120.0
    };
    num(a.age, b.age) / 25.0
        + num(a.gender, b.gender)
        + num(a.height, b.height)
        + num(a.weight, b.weight)
        + colour(a.skin, b.skin)
        + colour(a.hair_color, b.hair_color)
        + colour(a.top_color, b.top_color)
        + colour(a.bottom_color, b.bottom_color)
        + if a.hair != b.hair { 0.5 } else { 0.0 }
        + if a.top != b.top { 0.3 } else { 0.0 }
        + if a.top_pattern != b.top_pattern {
            0.3
        } else {
            0.0
        }
        + if a.facial_hair != b.facial_hair {
            0.3
        } else {
            0.0
        }
}

/// Looks at least this different count as distinct people.
pub const DISTINCT: f32 = 1.5;

/// The looks of everyone in a scene, each resolved from its id as `resolve` does, but
/// re-drawn (deterministically) while too like someone before them, so that no two
/// people in a scene look alike unless the prompt made them so.
pub fn resolve_all(people: &[(PersonLook, String)]) -> Vec<PersonLook> {
    let mut out: Vec<PersonLook> = Vec::with_capacity(people.len());
    for (look, id) in people {
        let mut best = resolve(look, id);
        let mut best_gap = gap(&best, &out);
        for attempt in 1..12 {
            if best_gap >= DISTINCT {
                break;
            }
            let other = resolve(look, &format!("{id}#{attempt}"));
            let g = gap(&other, &out);
            if g > best_gap {
                (best, best_gap) = (other, g);
            }
        }
        out.push(best);
    }
    out
}

/// The smallest difference from `look` to any of `others`.
fn gap(look: &PersonLook, others: &[PersonLook]) -> f32 {
    others
        .iter()
        .map(|o| look_difference(look, o))
        .fold(f32::INFINITY, f32::min)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn undescribed_people_in_one_scene_look_distinct() {
        let ids: Vec<(PersonLook, String)> = (1..=8)
            .map(|i| (PersonLook::default(), format!("person{i}")))
            .collect();
        let looks = resolve_all(&ids);
        for i in 0..looks.len() {
            for j in 0..i {
                let d = look_difference(&looks[i], &looks[j]);
                assert!(
                    d >= DISTINCT,
                    "person{} and person{} differ by only {d}",
                    i + 1,
                    j + 1
                );
            }
        }
        // The same ids get the same looks again.
        assert_eq!(looks, resolve_all(&ids));
    }

    #[test]
    fn the_same_id_gets_the_same_look_and_named_traits_win() {
        let a = resolve(&PersonLook::default(), "anna");
        assert_eq!(a, resolve(&PersonLook::default(), "anna"));
        assert_ne!(a, resolve(&PersonLook::default(), "ben"));
        let red = Color::rgb(200, 32, 32);
        let named = PersonLook {
            hair: Some(Hair::Long),
            hair_color: Some(red),
            age: Some(8.0),
            ..PersonLook::default()
        };
        let r = resolve(&named, "anna");
        assert_eq!(
            (r.hair, r.hair_color, r.age),
            (Some(Hair::Long), Some(red), Some(8.0))
        );
        // A child has no beard unless asked for.
        assert_eq!(r.facial_hair, Some(FacialHair::None));
        // Naming the hair leaves the clothes as they were.
        assert_eq!(r.top_color, a.top_color);
    }
}
