//! The body's parameters move the mesh where they should, and the face units open the jaw.

use glam::Vec3;
use people::{Face, Figure, resolve};
use scene::{Limb, PersonLook};

fn figure(look: PersonLook, key: &str) -> Figure {
    Figure::build(&resolve(&look, key), key)
}

#[test]
fn an_eight_year_old_is_shorter_than_a_forty_year_old() {
    for gender in [0.0, 1.0] {
        let at = |age: f32| {
            let look = PersonLook {
                age: Some(age),
                gender: Some(gender),
                height: Some(0.5),
                ..PersonLook::default()
            };
            figure(look, "same").height()
        };
        let (child, adult) = (at(8.0), at(40.0));
        // Growth charts: about 1.28 m at eight against 1.63–1.76 m grown up.
        assert!(
            (1.45..1.95).contains(&adult),
            "a 40-year-old stands {adult:.2} m"
        );
        let ratio = child / adult;
        assert!(
            (0.65..0.82).contains(&ratio),
            "an 8-year-old is {ratio:.2} of a 40-year-old's height ({child:.2} m against {adult:.2} m)"
        );
    }
}

/// Front-to-back depth of the belly: body vertices at the height of the waist, near the
/// middle (away from the hanging arms).
fn waist_depth(f: &Figure) -> f32 {
    let y = f.skeleton.pivot(Limb::Torso).y + 0.05;
    let body = &f.rest()[..people::format::BODY_VERTICES];
    let (lo, hi) = body
        .iter()
        .filter(|v| (v.y - y).abs() < 0.02 && v.z.abs() < 0.08)
        .fold((f32::MAX, f32::MIN), |(lo, hi), v| {
            (lo.min(v.x), hi.max(v.x))
        });
    hi - lo
}

#[test]
fn weight_widens_the_waist() {
    let at = |weight: f32| {
        waist_depth(&figure(
            PersonLook {
                weight: Some(weight),
                gender: Some(1.0),
                age: Some(35.0),
                ..PersonLook::default()
            },
            "same",
        ))
    };
    let (thin, heavy) = (at(0.0), at(1.0));
    assert!(
        heavy > 1.25 * thin,
        "waist {thin:.3} m deep when thin, {heavy:.3} m when heavy"
    );
}

#[test]
fn an_open_jaw_drops_the_chin_and_shows_the_mouth() {
    let f = figure(PersonLook::default(), "speaker");
    let limbs: Vec<(Vec3, glam::Quat)> = Limb::ALL
        .iter()
        .map(|&l| (f.skeleton.pivot(l), glam::Quat::IDENTITY))
        .collect();
    let (mut closed, mut open, mut normals) = (Vec::new(), Vec::new(), Vec::new());
    f.pose(
        &limbs,
        None,
        1.0,
        Face::default(),
        &mut closed,
        &mut normals,
    );
    let wide = Face {
        mouth: people::Mouth {
            jaw: 1.0,
            ..Default::default()
        },
        ..Default::default()
    };
    f.pose(&limbs, None, 1.0, wide, &mut open, &mut normals);
    let drop = closed
        .iter()
        .zip(&open)
        .map(|(a, b)| a.y - b.y)
        .fold(0.0f32, f32::max);
    assert!(drop > 0.008, "the jaw drops only {drop:.4} m");
    // Nothing below the neck moves.
    let neck = f.skeleton.pivot(Limb::Neck).y - 0.05;
    for (a, b) in closed.iter().zip(&open) {
        if a.y < neck {
            assert!(a.distance(*b) < 1e-6);
        }
    }
    // A blink is read from the eyes limb: a quarter turn is shut.
    let mut shut = limbs.clone();
    shut[Limb::Eyes as usize].1 = glam::Quat::from_rotation_z(std::f32::consts::FRAC_PI_2);
    assert!((Figure::blink_from_limbs(&shut) - 1.0).abs() < 1e-4);
    assert!(Figure::blink_from_limbs(&limbs) < 1e-4);
}

/// Edges used by one triangle only: where a piece meets the others.
fn border(indices: &[u32]) -> std::collections::BTreeSet<(u32, u32)> {
    let mut count = std::collections::BTreeMap::new();
    for t in indices.chunks(3) {
        for (a, b) in [(t[0], t[1]), (t[1], t[2]), (t[2], t[0])] {
            *count.entry((a.min(b), a.max(b))).or_insert(0) += 1;
        }
    }
    count
        .into_iter()
        .filter(|(_, n)| *n == 1)
        .map(|(e, _)| e)
        .collect()
}

#[test]
fn coarser_versions_have_fewer_triangles_and_meet_the_other_pieces_where_the_finest_does() {
    let f = figure(
        PersonLook {
            hair: Some(scene::Hair::Long),
            ..Default::default()
        },
        "coarse",
    );
    let finest: usize = f.pieces.iter().map(|p| p.indices.len() / 3).sum();
    for (level, share) in people::COARSER.iter().enumerate() {
        let coarse: usize = f.pieces.iter().map(|p| p.coarser[level].len() / 3).sum();
        // Small pieces with long borders cannot shrink as far: allow for them.
        assert!(
            (coarse as f32) < (finest as f32) * (share + 0.12),
            "level {level}: {coarse} of {finest} triangles"
        );
        for piece in &f.pieces {
            assert_eq!(
                border(&piece.indices),
                border(&piece.coarser[level]),
                "{:?} at level {level} opens a crack",
                piece.paint
            );
        }
    }
}

#[test]
fn a_laugh_pulls_the_corners_of_the_mouth_up_and_out() {
    let f = figure(PersonLook::default(), "laughing");
    let limbs: Vec<(glam::Vec3, glam::Quat)> = scene::Limb::ALL
        .iter()
        .map(|&l| (f.skeleton.pivot(l), glam::Quat::IDENTITY))
        .collect();
    let (mut calm, mut laughing, mut normals) = (Vec::new(), Vec::new(), Vec::new());
    f.pose(&limbs, None, 1.0, Face::default(), &mut calm, &mut normals);
    let laugh = Face {
        feeling: Some((scene::Expression::Laugh, 1.0)),
        ..Default::default()
    };
    f.pose(&limbs, None, 1.0, laugh, &mut laughing, &mut normals);
    let lips = f
        .pieces
        .iter()
        .find(|p| p.paint == people::Paint::Lips)
        .expect("the face has lips");
    // The corners: the lip vertices farthest to each side at rest, drawn up and out.
    let corner = |side: f32| {
        lips.indices
            .iter()
            .copied()
            .max_by(|&a, &b| (calm[a as usize].z * side).total_cmp(&(calm[b as usize].z * side)))
            .unwrap() as usize
    };
    for side in [-1.0f32, 1.0] {
        let i = corner(side);
        let (before, after) = (calm[i], laughing[i]);
        let moved = after - before;
        assert!(
            moved.y > 0.001 && moved.z * side > 0.001,
            "side {side}: {before} -> {after}"
        );
    }
    // The feet do not move.
    let moved_low = calm
        .iter()
        .zip(&laughing)
        .filter(|(a, _)| a.y < 0.5)
        .any(|(a, b)| a.distance(*b) > 1e-5);
    assert!(!moved_low);
}

/// Every limb at its rest position, unturned.
fn at_rest(f: &Figure) -> Vec<(Vec3, glam::Quat)> {
    Limb::ALL
        .iter()
        .map(|&l| (f.skeleton.pivot(l), glam::Quat::IDENTITY))
        .collect()
}

#[test]
fn long_hair_swings_after_a_turning_head_and_the_body_does_not() {
    let f = figure(
        PersonLook {
            hair: Some(scene::Hair::Long),
            ..Default::default()
        },
        "swinging",
    );
    let limbs = at_rest(&f);
    let (mut still, mut swung, mut normals) = (Vec::new(), Vec::new(), Vec::new());
    let face = Face::default();
    let head = limbs[Limb::Head as usize];
    f.pose(&limbs, Some(head), 1.0, face, &mut still, &mut normals);
    // A moment ago the head faced a fifth of a turn to one side.
    let before = (head.0, glam::Quat::from_rotation_y(1.2));
    f.pose(&limbs, Some(before), 1.0, face, &mut swung, &mut normals);
    let moved: Vec<f32> = still
        .iter()
        .zip(&swung)
        .map(|(a, b)| a.distance(*b))
        .collect();
    let body = people::format::BODY_VERTICES;
    assert!(
        moved[..body].iter().all(|&d| d < 1e-6),
        "the body stays put"
    );
    let tips = moved[body..].iter().fold(0.0f32, |m, &d| m.max(d));
    assert!(tips > 0.08, "the hair's tips swing only {tips:.3} m");
    // A head that has not moved leaves the hair where posing without a past puts it.
    let mut plain = Vec::new();
    f.pose(&limbs, None, 1.0, face, &mut plain, &mut normals);
    assert_eq!(plain, still);
    // Hair falling only to the jaw swings less than long hair.
    let bob = figure(
        PersonLook {
            hair: Some(scene::Hair::Bob),
            ..Default::default()
        },
        "swinging",
    );
    let (mut a, mut b) = (Vec::new(), Vec::new());
    bob.pose(&limbs, Some(head), 1.0, face, &mut a, &mut normals);
    bob.pose(&limbs, Some(before), 1.0, face, &mut b, &mut normals);
    let bob_tips = a
        .iter()
        .zip(&b)
        .map(|(x, y)| x.distance(*y))
        .fold(0.0, f32::max);
    assert!(
        bob_tips < tips,
        "a bob swings {bob_tips:.3} m, long hair {tips:.3} m"
    );
}

#[test]
fn clothes_are_built_for_what_is_worn() {
    use people::{Drawn, Paint};
    use scene::Top;
    let wearing = |top: Top| {
        figure(
            PersonLook {
                top: Some(top),
                ..Default::default()
            },
            "dressed",
        )
    };
    let paints = |f: &Figure| f.pieces.iter().map(|p| p.paint).collect::<Vec<_>>();
    let top_triangles = |f: &Figure| {
        f.pieces
            .iter()
            .find(|p| p.paint == Paint::Top)
            .map_or(0, |p| p.indices.len() / 3)
    };
    let suit = wearing(Top::Suit);
    let top = suit.pieces.iter().find(|p| p.paint == Paint::Top).unwrap();
    assert!(matches!(top.drawn, Some(Drawn::Suit { .. })));
    assert!(
        paints(&suit).contains(&Paint::Tie),
        "a suit has a tie's knot"
    );
    let jacket = wearing(Top::Jacket);
    let top = jacket
        .pieces
        .iter()
        .find(|p| p.paint == Paint::Top)
        .unwrap();
    assert!(matches!(top.drawn, Some(Drawn::Jacket { .. })));
    // A hoodie has its hood (more cloth than a shirt with the same sleeves) and strings.
    let (hoodie, shirt) = (wearing(Top::Hoodie), wearing(Top::Shirt));
    assert!(top_triangles(&hoodie) > top_triangles(&shirt) + 500);
    assert!(paints(&hoodie).contains(&Paint::Trim));
    assert!(!paints(&shirt).contains(&Paint::Trim));
    // A jersey always has a number, and goes with shorts.
    let jersey = resolve(
        &PersonLook {
            top: Some(Top::Jersey),
            ..Default::default()
        },
        "player",
    );
    assert!(jersey.number.is_some_and(|n| (1..=99).contains(&n)));
    assert_eq!(jersey.bottom, Some(scene::Bottom::Shorts));
    let numbered = Figure::build(&jersey, "player");
    let top = numbered
        .pieces
        .iter()
        .find(|p| p.paint == Paint::Top)
        .unwrap();
    assert_eq!(top.number, jersey.number);
}

#[test]
fn shoes_have_soles_underneath() {
    let f = figure(PersonLook::default(), "walker");
    let used = || {
        f.pieces
            .iter()
            .flat_map(|p| &p.indices)
            .map(|&i| f.rest()[i as usize])
    };
    let lowest = used().map(|v| v.y).fold(f32::MAX, f32::min);
    let sole = f
        .pieces
        .iter()
        .find(|p| p.paint == people::Paint::Sole)
        .expect("shoes have soles");
    let sole_lowest = sole
        .indices
        .iter()
        .map(|&i| f.rest()[i as usize].y)
        .fold(f32::MAX, f32::min);
    // The sole is what the figure stands on: the smoothing did not lift it.
    assert!(
        (sole_lowest - lowest).abs() < 1e-4,
        "the sole is the lowest"
    );
}
