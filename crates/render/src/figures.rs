//! People drawn as skinned figures: built once from their looks, posed on the CPU each
//! frame from their limb tracks, and uploaded to a vertex buffer of their own.

use crate::mesh::Vertex;
use glam::{Quat, Vec3};
use people::{Face, Figure, Paint};
use timeline::{Frame, Timeline};

/// One person's figure and where its vertices sit in the figures' buffer.
pub(crate) struct Posed {
    pub entity: String,
    pub figure: Figure,
    pub first_track: usize,
    pub scale: f32,
    /// Index of the figure's first vertex in the buffer.
    pub base_vertex: usize,
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
        Paint::Hair | Paint::Brows | Paint::Beard | Paint::Lashes => 0.6,
        Paint::Shoes => 0.65,
        Paint::Top | Paint::Bottom => 0.9,
    }
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
                    entity: f.entity.clone(),
                    first_track: f.first_track,
                    scale: f.scale,
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

    /// Whether track `t` is a limb of a figure (drawn by the figure, not its own shapes).
    pub fn owns_track(&self, t: usize) -> bool {
        self.posed
            .iter()
            .any(|p| (p.first_track..p.first_track + scene::Limb::ALL.len()).contains(&t))
    }

    /// Each figure posed for `frame` of `timeline`, speaking its lines, as vertices
    /// relative to its pelvis (returned, one per figure), all figures one after another.
    pub fn pose(&mut self, timeline: &Timeline, frame: &Frame) -> (&[Vertex], Vec<Vec3>) {
        self.vertices.clear();
        let mut centres = Vec::with_capacity(self.posed.len());
        for p in &self.posed {
            let limbs: Vec<(Vec3, Quat)> = (0..scene::Limb::ALL.len())
                .map(|i| {
                    let pose = frame.poses[p.first_track + i];
                    (Vec3::from(pose.position), Quat::from_array(pose.rotation))
                })
                .collect();
            let face = Face {
                mouth: people::mouth_at(&timeline.speech, &p.entity, frame.time),
                blink: Figure::blink_from_limbs(&limbs),
            };
            p.figure.pose(
                &limbs,
                p.scale,
                face,
                &mut self.positions,
                &mut self.normals,
            );
            let centre = limbs[0].0;
            centres.push(centre);
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
        (&self.vertices, centres)
    }
}
