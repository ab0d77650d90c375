//! The camera: places a lens for every frame so that each shot frames its subjects.
//!
//! For each shot the camera looks from the shot's azimuth and angle at the subjects'
//! bounding box and backs off until every corner of it fits the frame with the margin the
//! shot size asks for. A static shot fits the subjects' whole path during the shot; a
//! follow shot fits each moment and smooths the motion; orbit and dolly moves vary the
//! direction or distance over the shot.

use glam::{Quat, Vec3};
use scene::{Angle, Camera, Framing, Movement, Scene};
use timeline::CameraPose;

/// A box around the subjects at one frame.
#[derive(Debug, Clone, Copy)]
pub struct Bounds {
    /// Lowest corner.
    pub min: Vec3,
    /// Highest corner.
    pub max: Vec3,
}

impl Bounds {
    /// A box around a sphere.
    pub fn sphere(centre: Vec3, radius: f32) -> Bounds {
        Bounds {
            min: centre - Vec3::splat(radius),
            max: centre + Vec3::splat(radius),
        }
    }

    /// The box round a part placed by `pose` (its entity's or limb's).
    pub fn of_part(part: &scene::Part, pose: &timeline::Pose) -> Bounds {
        let half = Vec3::from(part.shape.half_extents());
        let turn = Quat::from_array(pose.rotation) * Quat::from_array(part.rotation);
        // The box round the turned box: each world axis gets the sum of the turned axes'
        // reaches along it.
        let reach = (0..3).fold(Vec3::ZERO, |sum, axis| {
            let mut along = Vec3::ZERO;
            along[axis] = half[axis];
            sum + (turn * along).abs()
        });
        let centre = Vec3::from(pose.apply(part.offset));
        Bounds {
            min: centre - reach,
            max: centre + reach,
        }
    }

    /// The smallest box holding both.
    pub fn union(self, other: Bounds) -> Bounds {
        Bounds {
            min: self.min.min(other.min),
            max: self.max.max(other.max),
        }
    }

    fn centre(&self) -> Vec3 {
        (self.min + self.max) * 0.5
    }

    /// The centre and the radius of the sphere through the corners.
    pub fn enclosing_sphere(&self) -> (Vec3, f32) {
        (self.centre(), (self.max - self.min).length() * 0.5)
    }

    fn corners(&self) -> [Vec3; 8] {
        let (a, b) = (self.min, self.max);
        [
            Vec3::new(a.x, a.y, a.z),
            Vec3::new(b.x, a.y, a.z),
            Vec3::new(a.x, b.y, a.z),
            Vec3::new(b.x, b.y, a.z),
            Vec3::new(a.x, a.y, b.z),
            Vec3::new(b.x, a.y, b.z),
            Vec3::new(a.x, b.y, b.z),
            Vec3::new(b.x, b.y, b.z),
        ]
    }
}

/// Seconds at the start of a static shot that its framing is chosen for.
const CORE_SECONDS: f32 = 4.0;

/// Share of the frame's half-width the subjects may fill, by shot size.
fn fill(framing: Framing) -> f32 {
    match framing {
        Framing::ExtremeWide => 0.35,
        Framing::Wide => 0.6,
        Framing::Medium => 0.9,
        Framing::CloseUp => 1.15,
        Framing::ExtremeCloseUp => 1.6,
    }
}

/// Camera elevation above the horizontal, in degrees, by angle.
fn elevation(angle: Angle) -> f32 {
    match angle {
        Angle::EyeLevel => 8.0,
        Angle::Low => -6.0,
        Angle::High => 32.0,
        Angle::Aerial => 68.0,
        Angle::OverTheShoulder => 14.0,
        // Replaced by the person's own eyes once they are known (see `point_of_view`).
        Angle::Pov => 8.0,
    }
}

/// Unit vector from the subject towards the camera.
fn direction(azimuth_deg: f32, elevation_deg: f32) -> Vec3 {
    let (az, el) = (azimuth_deg.to_radians(), elevation_deg.to_radians());
    Vec3::new(az.sin() * el.cos(), el.sin(), az.cos() * el.cos())
}

/// Distance from `centre` along `back` at which every corner fits the frame.
fn fit_distance(
    bounds: &Bounds,
    centre: Vec3,
    back: Vec3,
    fov_deg: f32,
    aspect: f32,
    fill: f32,
) -> f32 {
    let forward = -back;
    let right = forward.cross(Vec3::Y).normalize_or(Vec3::X);
    let up = right.cross(forward);
    let tan_v = (fov_deg.to_radians() / 2.0).tan() * fill;
    let tan_h = tan_v * aspect;
    bounds
        .corners()
        .iter()
        .map(|p| {
            let d = *p - centre;
            let along = d.dot(forward);
            let need_x = d.dot(right).abs() / tan_h - along;
            let need_y = d.dot(up).abs() / tan_v - along;
            need_x.max(need_y)
        })
        // Close enough for a coin, never inside the subject.
        .fold(0.25, f32::max)
}

/// The camera of a point-of-view shot at one frame: at the eyes of a person whose eyes
/// limb has this pose, looking ahead and a little down, with a wide lens.
pub fn point_of_view(eyes: &timeline::Pose, scale: f32, shot: u32) -> CameraPose {
    let rotation = glam::Quat::from_array(eyes.rotation);
    // Just in front of the eyes, so the face itself is not in the way.
    let eye = Vec3::from(eyes.position) + rotation * (Vec3::new(0.03, 0.0, 0.0) * scale);
    let forward = rotation * Vec3::X;
    CameraPose {
        eye: eye.to_array(),
        target: (eye + forward * 4.0 - Vec3::Y * 0.8).to_array(),
        fov: 62.0,
        shot,
    }
}

/// Centred moving average over `half` frames either side.
fn smooth(values: &[Vec3], half: usize) -> Vec<Vec3> {
    (0..values.len())
        .map(|i| {
            let (a, b) = (i.saturating_sub(half), (i + half + 1).min(values.len()));
            values[a..b].iter().copied().sum::<Vec3>() / (b - a) as f32
        })
        .collect()
}

/// One camera pose per frame. `subject_bounds(shot, frame)` gives two boxes around that
/// shot's subjects at that frame: near where the shot opened (what it is framed for), and
/// wherever they are (what it must still keep in the picture).
pub fn film(
    scene: &Scene,
    fps: u32,
    frame_count: usize,
    aspect: f32,
    subject_bounds: impl Fn(usize, usize) -> (Bounds, Bounds),
) -> Vec<CameraPose> {
    let mut poses = Vec::with_capacity(frame_count);
    for (shot_index, shot) in scene.shots.iter().enumerate() {
        let first = (shot.start * fps as f32).round() as usize;
        let last = scene
            .shots
            .get(shot_index + 1)
            .map_or(frame_count, |next| {
                (next.start * fps as f32).round() as usize
            })
            .min(frame_count);
        if first >= last {
            continue;
        }
        let (frames, everywhere): (Vec<Bounds>, Vec<Bounds>) =
            (first..last).map(|f| subject_bounds(shot_index, f)).unzip();
        poses.extend(film_shot(
            &shot.camera,
            shot_index as u32,
            &frames,
            &everywhere,
            fps,
            aspect,
        ));
    }
    poses
}

fn film_shot(
    camera: &Camera,
    shot: u32,
    frames: &[Bounds],
    everywhere: &[Bounds],
    fps: u32,
    aspect: f32,
) -> Vec<CameraPose> {
    let n = frames.len();
    let whole = frames
        .iter()
        .copied()
        .reduce(Bounds::union)
        .expect("a shot has frames");
    let fill = fill(camera.framing);
    let elevation = elevation(camera.angle);
    // Over the shoulder: from behind the subjects and a little to the side.
    let azimuth = camera.azimuth
        + if camera.angle == Angle::OverTheShoulder {
            150.0
        } else {
            0.0
        };
    let pose = |eye: Vec3, target: Vec3| CameraPose {
        eye: eye.max(Vec3::new(f32::MIN, 0.15, f32::MIN)).to_array(),
        target: target.to_array(),
        fov: camera.fov,
        shot,
    };
    if let Some(p) = camera.placement {
        return vec![pose(Vec3::from(p.eye), Vec3::from(p.target)); n];
    }
    match camera.movement {
        Movement::Orbit => {
            let centre = whole.centre();
            (0..n)
                .map(|i| {
                    let t = i as f32 / fps as f32;
                    let back = direction(azimuth + 24.0 * t, elevation);
                    pose(
                        centre
                            + back * fit_distance(&whole, centre, back, camera.fov, aspect, fill),
                        centre,
                    )
                })
                .collect()
        }
        Movement::Follow => {
            let back = direction(azimuth, elevation);
            let centres: Vec<Vec3> = frames.iter().map(Bounds::centre).collect();
            let distances: Vec<Vec3> = frames
                .iter()
                .zip(&centres)
                .map(|(b, c)| Vec3::splat(fit_distance(b, *c, back, camera.fov, aspect, fill)))
                .collect();
            let half = (fps as usize * 2) / 5;
            let centres = smooth(&centres, half);
            // Never closer than the widest framing nearby, so fast moves stay in frame.
            let distances: Vec<f32> = smooth(&distances, half)
                .iter()
                .enumerate()
                .map(|(i, d)| {
                    let (a, b) = (i.saturating_sub(half), (i + half + 1).min(n));
                    frames[a..b]
                        .iter()
                        .map(|f| fit_distance(f, centres[i], back, camera.fov, aspect, fill))
                        .fold(d.x, f32::max)
                })
                .collect();
            (0..n)
                .map(|i| pose(centres[i] + back * distances[i], centres[i]))
                .collect()
        }
        _ => {
            // The camera stands where it frames the subjects over the core of the shot, and
            // turns to keep them in view if they wander off afterwards.
            let core = frames
                .iter()
                .take((CORE_SECONDS * fps as f32) as usize)
                .copied()
                .reduce(Bounds::union)
                .unwrap_or(whole);
            let centre = core.centre();
            let back = direction(azimuth, elevation);
            let distance = fit_distance(&core, centre, back, camera.fov, aspect, fill);
            let right = (-back).cross(Vec3::Y).normalize_or(Vec3::X);
            let drift: Vec<Vec3> = frames
                .iter()
                .map(|f| {
                    let c = f.centre();
                    // Only what lies outside the core box moves the view.
                    c - c.clamp(core.min, core.max)
                })
                .collect();
            let drift = smooth(&drift, fps as usize);
            // When the subjects spread wider than the core (pins flying, a ball kicked
            // away), the camera eases back to keep them in the picture, and never comes in
            // again within the shot, so the framing does not breathe.
            let mut widest = distance;
            let pulled: Vec<Vec3> = everywhere
                .iter()
                .zip(&drift)
                .map(|(f, d)| {
                    let need = fit_distance(f, centre + *d, back, camera.fov, aspect, fill);
                    widest = widest.max(need);
                    Vec3::splat(widest)
                })
                .collect();
            let pulled: Vec<f32> = smooth(&pulled, fps as usize / 2)
                .iter()
                .zip(&pulled)
                .map(|(eased, raw)| eased.x.max(raw.x * 0.97))
                .collect();
            (0..n)
                .map(|i| {
                    // -1 at the start of the shot, +1 at its end.
                    let u = 2.0 * i as f32 / (n.max(2) - 1) as f32 - 1.0;
                    let distance = pulled[i];
                    let eye = centre + back * distance;
                    let target = centre + drift[i];
                    let sweep = |degrees: f32| distance * (degrees * u).to_radians().tan();
                    match camera.movement {
                        Movement::DollyIn => {
                            pose(centre + back * distance * (1.025 - 0.225 * u), target)
                        }
                        Movement::DollyOut => {
                            pose(centre + back * distance * (1.025 + 0.225 * u), target)
                        }
                        Movement::Pan => pose(eye, target + right * sweep(12.0)),
                        Movement::Tilt => pose(eye, target + Vec3::Y * sweep(8.0)),
                        Movement::Truck => {
                            let slide = right * sweep(10.0);
                            pose(eye + slide, target + slide)
                        }
                        Movement::Crane => {
                            let up = direction(azimuth, elevation + 12.0 * (u + 1.0));
                            pose(centre + up * distance, target)
                        }
                        Movement::Handheld => {
                            let t = i as f32 / fps as f32;
                            let shake = Vec3::new(
                                (t * 2.3).sin() + 0.5 * (t * 5.9 + 1.0).sin(),
                                (t * 1.7 + 2.0).sin() + 0.4 * (t * 6.7).sin(),
                                (t * 1.3 + 4.0).sin(),
                            ) * (0.006 * distance);
                            pose(eye + shake, target + shake * 0.5)
                        }
                        _ => pose(eye, target),
                    }
                })
                .collect()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use timeline::CameraPose;

    fn in_frame(cam: &CameraPose, p: Vec3, aspect: f32) -> bool {
        cam.project(p.to_array(), aspect)
            .is_some_and(|([x, y], _)| x.abs() <= 1.0 && y.abs() <= 1.0)
    }

    #[test]
    fn static_shot_keeps_every_corner_in_frame_at_any_aspect() {
        let bounds = Bounds {
            min: Vec3::new(-4.0, 0.0, -0.5),
            max: Vec3::new(1.0, 3.5, 0.5),
        };
        for aspect in [16.0 / 9.0, 9.0 / 16.0] {
            for angle in [Angle::EyeLevel, Angle::Low, Angle::High, Angle::Aerial] {
                let cam = Camera {
                    angle,
                    azimuth: 30.0,
                    ..Camera::default()
                };
                let poses = film_shot(&cam, 0, &[bounds; 10], &[bounds; 10], 24, aspect);
                for c in bounds.corners() {
                    assert!(
                        in_frame(&poses[0], c, aspect),
                        "{angle:?} {aspect}: corner {c} out of frame"
                    );
                }
            }
        }
    }

    #[test]
    fn follow_shot_tracks_a_moving_subject() {
        let frames: Vec<Bounds> = (0..96)
            .map(|i| Bounds::sphere(Vec3::new(i as f32 * 0.1, 0.2, 0.0), 0.2))
            .collect();
        let cam = Camera {
            movement: Movement::Follow,
            framing: Framing::Medium,
            ..Camera::default()
        };
        let poses = film_shot(&cam, 0, &frames, &frames, 24, 16.0 / 9.0);
        for (i, p) in poses.iter().enumerate() {
            assert!(in_frame(p, frames[i].centre(), 16.0 / 9.0), "frame {i}");
        }
        assert!(
            poses[95].eye[0] - poses[0].eye[0] > 7.0,
            "the camera moved with the subject"
        );
    }
}
