//! People drawn as skinned figures: built once from their looks, posed on the CPU each
//! frame from their limb tracks, and uploaded to a vertex buffer of their own.

use crate::mesh::Vertex;
use glam::{Quat, Vec3};
use people::{Face, Figure, Paint};
use timeline::{Frame, Timeline};

/// Where a figure vertex is in the rest pose: what its pattern is painted by.
#[repr(C)]
#[derive(Debug, Clone, Copy, bytemuck::Pod, bytemuck::Zeroable)]
pub(crate) struct RestVertex {
    pub position: [f32; 3],
    pub normal: [f32; 3],
}

/// One person's figure and where its vertices sit in the figures' buffer.
pub(crate) struct Posed {
    /// The person as the timeline has them: entity, tracks, size and feelings.
    pub of: timeline::Figure,
    pub figure: Figure,
    /// Index of the figure's first vertex in the buffer.
    pub base_vertex: usize,
    /// Triangles of its finest version.
    pub triangles: usize,
}

/// Where a posed figure is: its pelvis (the origin of its vertices) and the corners of
/// the box around its surface, in the world.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Placed {
    pub centre: Vec3,
    pub lo: Vec3,
    pub hi: Vec3,
}

/// Every figure of a timeline, with scratch space for posing them.
pub(crate) struct Figures {
    pub posed: Vec<Posed>,
    positions: Vec<Vec3>,
    normals: Vec<Vec3>,
    vertices: Vec<Vertex>,
}

/// Roughness of a paint's surface.
pub(crate) fn roughness(paint: Paint) -> f32 {
    match paint {
        Paint::EyeWhite | Paint::Iris | Paint::Pupil => 0.15,
        Paint::Teeth | Paint::Tongue | Paint::Mouth => 0.35,
        Paint::Glasses => 0.3,
        Paint::Visor => 0.05,
        Paint::Headwear => 0.6,
        Paint::Lips => 0.45,
        Paint::Skin => 0.55,
        Paint::Hair | Paint::Beard | Paint::Lashes => 0.6,
        Paint::Shoes => 0.65,
        Paint::Sole => 0.8,
        Paint::Tie => 0.5,
        Paint::Top | Paint::Bottom | Paint::Trim => 0.9,
    }
}

/// The level of detail of a figure the camera does not see: drawn in no colour pass.
pub(crate) const UNSEEN: usize = usize::MAX;

/// Triangles a figure needs per square pixel of its height on screen: enough that each
/// is a few pixels across, which the CPU rasterizer shades a 4x4 block at a time.
const TRIANGLES_PER_PIXEL_SQUARED: f32 = 0.04;

/// The level of detail to draw a figure at (0 its finest, k its k-th coarser version):
/// the coarsest with enough triangles for a figure of `triangles` (finest), `height`
/// metres tall, whose nearest point is `distance` from a camera of vertical field of view
/// `fov` (radians) filming `rows` rows of pixels.
pub(crate) fn detail(triangles: usize, height: f32, distance: f32, fov: f32, rows: u32) -> usize {
    let pixels = height / (distance.max(0.05) * (fov / 2.0).tan()) * rows as f32 / 2.0;
    let needed = TRIANGLES_PER_PIXEL_SQUARED * pixels * pixels;
    (1..=people::COARSER.len())
        .rev()
        .find(|&level| people::COARSER[level - 1] * triangles as f32 >= needed)
        .unwrap_or(0)
}

impl Figures {
    /// The figures of `timeline`.
    pub fn of(timeline: &Timeline) -> Figures {
        let mut base_vertex = 0;
        let posed = timeline
            .figures
            .iter()
            .map(|f| {
                let figure = Figure::build(&f.look, &f.entity);
                let p = Posed {
                    triangles: figure.pieces.iter().map(|p| p.indices.len() / 3).sum(),
                    of: f.clone(),
                    base_vertex,
                    figure,
                };
                base_vertex += p.figure.vertex_count();
                p
            })
            .collect();
        Figures {
            posed,
            positions: Vec::new(),
            normals: Vec::new(),
            vertices: Vec::new(),
        }
    }

    /// Vertices of all figures together.
    pub fn vertex_count(&self) -> usize {
        self.posed.iter().map(|p| p.figure.vertex_count()).sum()
    }

    /// Every figure's vertices in its rest pose, in the order [`Figures::pose`] gives them.
    pub fn rest(&self) -> Vec<RestVertex> {
        self.posed
            .iter()
            .flat_map(|p| p.figure.rest().iter().zip(p.figure.rest_normals()))
            .map(|(v, n)| RestVertex {
                position: v.to_array(),
                normal: n.to_array(),
            })
            .collect()
    }

    /// Whether track `t` is a limb of a figure (drawn by the figure, not its own shapes).
    pub fn owns_track(&self, t: usize) -> bool {
        self.posed
            .iter()
            .any(|p| (p.of.first_track..p.of.first_track + scene::Limb::ALL.len()).contains(&t))
    }

    /// Each figure posed for `frame` of `timeline`, speaking its lines, as vertices
    /// relative to its pelvis, all figures one after another; and where each one is.
    pub fn pose(&mut self, timeline: &Timeline, frame: &Frame) -> (&[Vertex], Vec<Placed>) {
        self.vertices.clear();
        let mut placed = Vec::with_capacity(self.posed.len());
        // The frame a hair's length behind this one, for hair swinging after the head.
        let now = (frame.time * timeline.fps as f64).round() as usize;
        let lag = (people::HAIR_LAG * timeline.fps as f32).round() as usize;
        let before = timeline.frames.get(now.saturating_sub(lag));
        let limb = |frame: &Frame, track: usize| {
            let pose = frame.poses[track];
            (Vec3::from(pose.position), Quat::from_array(pose.rotation))
        };
        for p in &self.posed {
            let limbs: Vec<(Vec3, Quat)> = (0..scene::Limb::ALL.len())
                .map(|i| limb(frame, p.of.first_track + i))
                .collect();
            let head_before =
                before.map(|b| limb(b, p.of.first_track + scene::Limb::Head as usize));
            let face = Face {
                mouth: people::mouth_at(&timeline.speech, &p.of.entity, frame.time),
                blink: Figure::blink_from_limbs(&limbs),
                feeling: p.of.feeling_at(&timeline.speech, frame.time as f32),
            };
            p.figure.pose(
                &limbs,
                head_before,
                p.of.scale,
                face,
                &mut self.positions,
                &mut self.normals,
            );
            let centre = limbs[0].0;
            let (lo, hi) = crate::bounds(self.positions.iter().copied());
            placed.push(Placed { centre, lo, hi });
            self.vertices.extend(
                self.positions
                    .iter()
                    .zip(&self.normals)
                    .map(|(v, n)| Vertex {
                        position: (*v - centre).to_array(),
                        normal: n.to_array(),
                    }),
            );
        }
        (&self.vertices, placed)
    }
}
