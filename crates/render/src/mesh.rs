//! Triangle meshes for the solid shapes, with smooth normals on curved surfaces.

use bytemuck::{Pod, Zeroable};
use scene::Shape;
use std::f32::consts::{PI, TAU};

/// One mesh vertex.
#[repr(C)]
#[derive(Debug, Clone, Copy, Pod, Zeroable)]
pub struct Vertex {
    /// Position in the part's frame.
    pub position: [f32; 3],
    /// Unit normal.
    pub normal: [f32; 3],
}

/// Vertices and triangle indices.
#[derive(Debug, Default)]
pub struct Mesh {
    /// Vertices.
    pub vertices: Vec<Vertex>,
    /// Three indices per triangle, counter-clockwise seen from outside.
    pub indices: Vec<u32>,
}

/// The mesh of a shape; `detail` scales the tessellation (1 = standard).
pub fn mesh(shape: Shape, detail: u32) -> Mesh {
    match shape {
        Shape::Sphere { radius } => capsule(0.0, radius, 16 * detail, 24 * detail),
        Shape::Capsule {
            half_height,
            radius,
        } => capsule(half_height, radius, 12 * detail, 20 * detail),
        Shape::Cylinder {
            half_height,
            radius,
        } => cylinder(half_height, radius, 24 * detail),
        Shape::Cuboid { half_extents } => cuboid(half_extents),
    }
}

/// A capsule along y (a sphere when `half_height` is 0): `rings` latitude bands over the
/// two hemispheres, `segments` around.
fn capsule(half_height: f32, radius: f32, rings: u32, segments: u32) -> Mesh {
    let mut m = Mesh::default();
    let half_rings = rings / 2;
    // Latitude rows from the north pole to the south; the equator is duplicated so the
    // straight section sits between the two hemispheres.
    let mut rows = Vec::new();
    for i in 0..=half_rings {
        rows.push((PI / 2.0 * i as f32 / half_rings as f32, half_height));
    }
    for i in 0..=half_rings {
        rows.push((
            PI / 2.0 + PI / 2.0 * i as f32 / half_rings as f32,
            -half_height,
        ));
    }
    for &(theta, shift) in &rows {
        // sin(π) comes out as a tiny negative number, which would mirror the south pole.
        let (st, ct) = theta.sin_cos();
        let st = st.max(0.0);
        for j in 0..=segments {
            let phi = TAU * j as f32 / segments as f32;
            let (sp, cp) = phi.sin_cos();
            let n = [st * cp, ct, st * sp];
            m.vertices.push(Vertex {
                position: [n[0] * radius, n[1] * radius + shift, n[2] * radius],
                normal: n,
            });
        }
    }
    let stride = segments + 1;
    for r in 0..rows.len() as u32 - 1 {
        for j in 0..segments {
            let a = r * stride + j;
            let b = a + stride;
            m.indices.extend_from_slice(&[a, a + 1, b, a + 1, b + 1, b]);
        }
    }
    m
}

fn cylinder(half_height: f32, radius: f32, segments: u32) -> Mesh {
    let mut m = Mesh::default();
    for j in 0..=segments {
        let phi = TAU * j as f32 / segments as f32;
        let (s, c) = phi.sin_cos();
        for y in [half_height, -half_height] {
            m.vertices.push(Vertex {
                position: [c * radius, y, s * radius],
                normal: [c, 0.0, s],
            });
        }
    }
    for j in 0..segments {
        let a = 2 * j;
        m.indices
            .extend_from_slice(&[a, a + 2, a + 1, a + 2, a + 3, a + 1]);
    }
    for (y, ny) in [(half_height, 1.0f32), (-half_height, -1.0)] {
        let centre = m.vertices.len() as u32;
        m.vertices.push(Vertex {
            position: [0.0, y, 0.0],
            normal: [0.0, ny, 0.0],
        });
        for j in 0..=segments {
            let phi = TAU * j as f32 / segments as f32;
            let (s, c) = phi.sin_cos();
            m.vertices.push(Vertex {
                position: [c * radius, y, s * radius],
                normal: [0.0, ny, 0.0],
            });
        }
        for j in 0..segments {
            let (a, b) = (centre + 1 + j, centre + 2 + j);
            if ny > 0.0 {
                m.indices.extend_from_slice(&[centre, b, a]);
            } else {
                m.indices.extend_from_slice(&[centre, a, b]);
            }
        }
    }
    m
}

fn cuboid([x, y, z]: [f32; 3]) -> Mesh {
    let mut m = Mesh::default();
    // Each face: normal and two in-plane axes (u × v = normal).
    let faces: [([f32; 3], [f32; 3], [f32; 3]); 6] = [
        ([1.0, 0.0, 0.0], [0.0, 0.0, -1.0], [0.0, 1.0, 0.0]),
        ([-1.0, 0.0, 0.0], [0.0, 0.0, 1.0], [0.0, 1.0, 0.0]),
        ([0.0, 1.0, 0.0], [1.0, 0.0, 0.0], [0.0, 0.0, -1.0]),
        ([0.0, -1.0, 0.0], [1.0, 0.0, 0.0], [0.0, 0.0, 1.0]),
        ([0.0, 0.0, 1.0], [1.0, 0.0, 0.0], [0.0, 1.0, 0.0]),
        ([0.0, 0.0, -1.0], [-1.0, 0.0, 0.0], [0.0, 1.0, 0.0]),
    ];
    let h = [x, y, z];
    for (n, u, v) in faces {
        let base = m.vertices.len() as u32;
        for (su, sv) in [(-1.0, -1.0), (1.0, -1.0), (1.0, 1.0), (-1.0, 1.0)] {
            let p: [f32; 3] = std::array::from_fn(|k| (n[k] + su * u[k] + sv * v[k]) * h[k]);
            m.vertices.push(Vertex {
                position: p,
                normal: n,
            });
        }
        m.indices
            .extend_from_slice(&[base, base + 1, base + 2, base, base + 2, base + 3]);
    }
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_winding(m: &Mesh) {
        // Every triangle's geometric normal agrees with its vertices' normals.
        for t in m.indices.chunks(3) {
            let [a, b, c] = [t[0], t[1], t[2]].map(|i| m.vertices[i as usize]);
            let e1: [f32; 3] = std::array::from_fn(|k| b.position[k] - a.position[k]);
            let e2: [f32; 3] = std::array::from_fn(|k| c.position[k] - a.position[k]);
            let n = [
                e1[1] * e2[2] - e1[2] * e2[1],
                e1[2] * e2[0] - e1[0] * e2[2],
                e1[0] * e2[1] - e1[1] * e2[0],
            ];
            let area = (n[0] * n[0] + n[1] * n[1] + n[2] * n[2]).sqrt();
            if area < 1e-9 {
                continue; // degenerate triangle at a pole
            }
            let avg: [f32; 3] = std::array::from_fn(|k| a.normal[k] + b.normal[k] + c.normal[k]);
            assert!(
                n[0] * avg[0] + n[1] * avg[1] + n[2] * avg[2] > 0.0,
                "inward triangle {t:?}"
            );
        }
    }

    #[test]
    fn meshes_face_outwards_and_have_the_right_size() {
        for shape in [
            Shape::Sphere { radius: 0.5 },
            Shape::Capsule {
                half_height: 0.3,
                radius: 0.2,
            },
            Shape::Cylinder {
                half_height: 0.3,
                radius: 0.2,
            },
            Shape::Cuboid {
                half_extents: [0.1, 0.2, 0.3],
            },
        ] {
            let m = mesh(shape, 1);
            check_winding(&m);
            let max_y = m
                .vertices
                .iter()
                .map(|v| v.position[1])
                .fold(f32::MIN, f32::max);
            let expected = match shape {
                Shape::Sphere { radius } => radius,
                Shape::Capsule {
                    half_height,
                    radius,
                } => half_height + radius,
                Shape::Cylinder { half_height, .. } => half_height,
                Shape::Cuboid { half_extents } => half_extents[1],
            };
            assert!((max_y - expected).abs() < 1e-5, "{shape:?}");
        }
    }
}
