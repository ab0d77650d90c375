//! Contact shadows: the light from all round (sky, panorama, room) is dimmed on the
//! ground and on tables beneath and beside each thing standing on them, so a thing sits
//! on what holds it up instead of hovering, in overcast light and shade as much as in the
//! sun. Each frame a small map seen from above is reckoned on the CPU round what the
//! camera watches: for each spot, how open it is to the sky given the boxes of the things
//! near it, each standing for a wall of its size. The shader samples it once per point,
//! so its cost does not grow with the number of things.

use crate::figures::Placed;
use glam::{Mat4, Quat, Vec2, Vec3};
use half::f16;
use timeline::{Frame, Timeline};

/// How many things cast contact shadows at most; the biggest are kept.
pub(crate) const MAX_OCCLUDERS: usize = 32;

/// Texels along each side of a contact map.
pub(crate) const MAP_SIZE: u32 = 128;

/// The farthest a contact map reaches from what the camera watches, in metres.
const MAP_REACH: f32 = 12.0;

/// What stands on the floor has its base below this height; anything higher stands on
/// something (a table).
const FLOOR: f32 = 0.05;

/// A frame's contact maps, as the shader reads them: per texel, how open the floor is,
/// how open a raised surface is, that surface's height, and how much the moving things
/// change these (RGBA half floats; zero where they change nothing, so the receivers of
/// the cached background need not read the still map too).
pub(crate) struct Maps {
    /// The world's x and z at the map's corner, and one over the map's side in metres.
    pub(crate) region: [f32; 4],
    /// With every thing.
    pub(crate) all: Vec<f16>,
    /// With the still things alone (for the cached background).
    pub(crate) still: Vec<f16>,
    /// Where the moving things' contact shadows fall: a thin box round each one's
    /// shadow on the surface it stands on.
    pub(crate) moving: Vec<(Vec3, Vec3)>,
}

/// The things that cast contact shadows: each as its body track and the box round it in
/// that track's frame.
pub(crate) struct Occluders {
    /// Still things first, then those that move.
    things: Vec<(usize, Vec3, Vec3)>,
    /// How many of `things` are still.
    still: usize,
}

impl Occluders {
    /// The things of `timeline`, with which of its tracks are still.
    pub(crate) fn of(timeline: &Timeline, still_track: &[bool]) -> Occluders {
        let mut seen = std::collections::HashSet::new();
        let mut things: Vec<(usize, Vec3, Vec3, bool)> = Vec::new();
        for (t, track) in timeline.tracks.iter().enumerate() {
            // A thing's body is its entity's first track; a person's limbs are figures.
            if track.parts.is_empty()
                || track.parts.iter().any(|p| p.limb.is_some())
                || !seen.insert(track.entity.as_str())
            {
                continue;
            }
            let (lo, hi) = match &track.model {
                Some(slot) => (Vec3::from(slot.fit[0]), Vec3::from(slot.fit[1])),
                None => crate::bounds(track.parts.iter().flat_map(|p| {
                    let [x, y, z] = p.shape.half_extents();
                    let m = Mat4::from_rotation_translation(
                        Quat::from_array(p.rotation),
                        Vec3::from(p.offset),
                    );
                    crate::screen::box_corners(Vec3::new(-x, -y, -z), Vec3::new(x, y, z))
                        .map(|c| m.transform_point3(c))
                })),
            };
            things.push((t, lo, hi, still_track[t]));
        }
        // The biggest footprints cast the most; the still ones go first.
        things.sort_by(|a, b| {
            let area = |(_, lo, hi, _): &(usize, Vec3, Vec3, bool)| (hi.x - lo.x) * (hi.z - lo.z);
            area(b).total_cmp(&area(a))
        });
        things.truncate(MAX_OCCLUDERS);
        things.sort_by_key(|thing| !thing.3);
        Occluders {
            still: things.iter().filter(|thing| thing.3).count(),
            things: things
                .into_iter()
                .map(|(t, lo, hi, _)| (t, lo, hi))
                .collect(),
        }
    }

    /// Each thing's box where `frame` has it, each person's, and the maps they make
    /// round `around` (what the camera watches).
    pub(crate) fn maps(&self, frame: &Frame, people: &[Placed], around: Vec3) -> Maps {
        let boxes: Vec<(Vec3, Vec3, bool)> = self
            .things
            .iter()
            .enumerate()
            .map(|(i, &(t, lo, hi))| {
                let pose = &frame.poses[t];
                let m = Mat4::from_rotation_translation(
                    Quat::from_array(pose.rotation),
                    Vec3::from(pose.position),
                );
                let (lo, hi) = crate::world_box((lo, hi), m);
                (lo, hi, i < self.still)
            })
            .chain(people.iter().map(|p| (p.lo, p.hi, false)))
            .collect();
        // The map covers every box's shadow, within its reach of what is watched.
        let (mut lo, mut hi) = (Vec2::splat(f32::MAX), Vec2::splat(f32::MIN));
        for (a, b, _) in &boxes {
            let r = 2.0 * reach(*a, *b);
            lo = lo.min(Vec2::new(a.x, a.z) - r);
            hi = hi.max(Vec2::new(b.x, b.z) + r);
        }
        let centre = Vec2::new(around.x, around.z);
        let lo = lo.max(centre - MAP_REACH);
        let hi = hi.min(centre + MAP_REACH);
        let side = (hi - lo).max_element().max(0.5);
        let texel = side / MAP_SIZE as f32;
        let mut all = vec![[1.0f32, 1.0, 0.0]; (MAP_SIZE * MAP_SIZE) as usize];
        let mut still = all.clone();
        for &(a, b, is_still) in &boxes {
            shade_map(&mut all, (lo, texel), (a, b));
            if is_still {
                shade_map(&mut still, (lo, texel), (a, b));
            }
        }
        let half = |map: &[[f32; 3]], change: &dyn Fn(usize) -> f32| {
            map.iter()
                .enumerate()
                .flat_map(|(i, &[floor, raised, base])| {
                    [floor, raised, base, change(i)].map(f16::from_f32)
                })
                .collect()
        };
        let change = |i: usize| {
            let ([a, b, c], [x, y, z]) = (all[i], still[i]);
            let height = if (c - z).abs() > 1e-3 { 1.0 } else { 0.0 };
            (a - x).abs().max((b - y).abs()).max(height)
        };
        let moving = boxes
            .iter()
            .filter(|(_, _, is_still)| !is_still)
            .map(|&(a, b, _)| {
                let r = 2.0 * reach(a, b);
                (
                    Vec3::new(a.x - r, a.y - 0.05, a.z - r),
                    Vec3::new(b.x + r, a.y + 0.05, b.z + r),
                )
            })
            .collect();
        Maps {
            region: [lo.x, lo.y, 1.0 / side, 1.0 / side],
            all: half(&all, &change),
            still: half(&still, &|_| 0.0),
            moving,
        }
    }
}

/// Darkens `map` (its corner and texel size given) round the box `lo`..`hi`: the floor
/// round a thing standing on it, or the surface round a thing standing on a table.
fn shade_map(map: &mut [[f32; 3]], (corner, texel): (Vec2, f32), (lo, hi): (Vec3, Vec3)) {
    let wall = reach(lo, hi);
    if wall <= 0.0 {
        return;
    }
    let (foot_lo, foot_hi) = (Vec2::new(lo.x, lo.z), Vec2::new(hi.x, hi.z));
    let n = MAP_SIZE as i32;
    let cell = |v: f32| ((v / texel).floor() as i32).clamp(0, n - 1);
    let (from, to) = (foot_lo - 2.0 * wall - corner, foot_hi + 2.0 * wall - corner);
    let raised = lo.y > FLOOR;
    for j in cell(from.y)..=cell(to.y) {
        for i in cell(from.x)..=cell(to.x) {
            let p = corner + (Vec2::new(i as f32, j as f32) + 0.5) * texel;
            let outside = (foot_lo - p).max(p - foot_hi).max(Vec2::ZERO).length();
            let open = open_beside(outside, wall);
            let t = &mut map[(j * n + i) as usize];
            if raised {
                t[1] *= open;
                t[2] = t[2].max(lo.y);
            } else {
                t[0] *= open;
            }
        }
    }
}

/// How open to the sky a point `outside` metres from a thing's footprint is, the thing
/// standing for a wall `wall` high: half the sky is hidden at its foot, a little at twice
/// its height, and nothing past that; beneath it, three fifths.
fn open_beside(outside: f32, wall: f32) -> f32 {
    if outside >= 2.0 * wall {
        return 1.0;
    }
    // 0.053 is what the wall hides at twice its height: the shadow ends there.
    let mut hidden = 0.5 * (1.0 - outside / (outside * outside + wall * wall).sqrt()) - 0.053;
    if outside == 0.0 {
        hidden = hidden.max(0.6);
    }
    1.0 - hidden
}

/// The height of the wall that stands for a thing in its contact shadow: seven tenths of
/// its height or its width, whichever is less (a ball hides less sky than a box, a pole
/// or a rug next to none). The shadow reaches twice as far from its footprint.
fn reach(lo: Vec3, hi: Vec3) -> f32 {
    let size = hi - lo;
    0.7 * size.y.min(size.x.max(size.z))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_floor_is_darkest_at_a_things_foot_and_open_past_its_reach() {
        assert!((open_beside(0.0, 0.5) - 0.4).abs() < 1e-6, "beneath");
        let foot = open_beside(0.01, 0.5);
        let near = open_beside(0.3, 0.5);
        assert!(foot < near && near < 1.0, "{foot} {near}");
        assert_eq!(open_beside(1.0, 0.5), 1.0);
    }

    #[test]
    fn a_things_contact_shadow_reaches_further_the_bigger_it_is() {
        let ball = reach(Vec3::ZERO, Vec3::splat(0.22));
        let wardrobe = reach(Vec3::ZERO, Vec3::new(2.0, 2.4, 0.6));
        let rug = reach(Vec3::ZERO, Vec3::new(2.0, 0.01, 3.0));
        assert!(ball < 0.2 && wardrobe > 0.4, "{ball} {wardrobe}");
        assert!(rug < 0.01, "a rug casts next to none: {rug}");
    }
}
