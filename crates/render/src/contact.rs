//! Contact shadows: the light from all round (sky, panorama, room) is dimmed on the
//! ground and on tables beneath and beside each thing standing on them, so a thing sits
//! on what holds it up instead of hovering, in overcast light and shade as much as in the
//! sun. Each frame the shader gets a box round each thing (the still ones first, which
//! the cached background is shaded with) and darkens an upward-facing point near a box's
//! base by the share of the sky a wall of the thing's size would hide from it.

use crate::figures::Placed;
use glam::{Mat4, Quat, Vec3};
use timeline::{Frame, Timeline};

/// How many things cast contact shadows at most; the biggest are kept.
pub(crate) const MAX_OCCLUDERS: usize = 16;

/// The things that cast contact shadows: each as its body track and the box round it in
/// that track's frame.
pub(crate) struct Occluders {
    /// Still things first, then those that move.
    things: Vec<(usize, Vec3, Vec3)>,
    /// How many of `things` are still.
    still: usize,
}

/// The boxes of one frame as the shader reads them: each box's lowest corner with its
/// reach in `w`, then its highest corner.
pub(crate) type Packed = [[f32; 4]; 2 * MAX_OCCLUDERS];

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

    /// How many are still, and how many there are with `people` figures added (at most
    /// `MAX_OCCLUDERS`).
    pub(crate) fn counts(&self, people: usize) -> (usize, usize) {
        (self.still, (self.things.len() + people).min(MAX_OCCLUDERS))
    }

    /// Each thing's box where `frame` has it, and each person's, packed for the shader.
    pub(crate) fn pack(&self, frame: &Frame, people: &[Placed]) -> Packed {
        let mut out = [[0.0; 4]; 2 * MAX_OCCLUDERS];
        let boxes = self
            .things
            .iter()
            .map(|&(t, lo, hi)| {
                let pose = &frame.poses[t];
                let m = Mat4::from_rotation_translation(
                    Quat::from_array(pose.rotation),
                    Vec3::from(pose.position),
                );
                crate::world_box((lo, hi), m)
            })
            .chain(people.iter().map(|p| (p.lo, p.hi)));
        for (i, (lo, hi)) in boxes.take(MAX_OCCLUDERS).enumerate() {
            out[2 * i] = [lo.x, lo.y, lo.z, reach(lo, hi)];
            out[2 * i + 1] = [hi.x, hi.y, hi.z, 0.0];
        }
        out
    }
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
    fn a_things_contact_shadow_reaches_further_the_bigger_it_is() {
        let ball = reach(Vec3::ZERO, Vec3::splat(0.22));
        let wardrobe = reach(Vec3::ZERO, Vec3::new(2.0, 2.4, 0.6));
        let rug = reach(Vec3::ZERO, Vec3::new(2.0, 0.01, 3.0));
        assert!(ball < 0.2 && wardrobe > 0.4, "{ball} {wardrobe}");
        assert!(rug < 0.01, "a rug casts next to none: {rug}");
    }
}
