//! The GPU buffers a renderer draws from: the shared vertices, their texture coordinates
//! and indices, the instances written each frame, the figures' posed and rest vertices,
//! and the per-frame constants.

use crate::geometry::Geometry;
use crate::{Globals, Instance, mesh};
use wgpu::util::DeviceExt;

/// A renderer's buffers.
pub(crate) struct Buffers {
    pub(crate) vertices: wgpu::Buffer,
    /// The texture coordinates of `vertices`, for pictured models.
    pub(crate) uvs: wgpu::Buffer,
    pub(crate) indices: wgpu::Buffer,
    /// One instance a draw, written every frame.
    pub(crate) instances: wgpu::Buffer,
    /// The figures' posed vertices, written every frame.
    pub(crate) figure_vertices: wgpu::Buffer,
    /// The figures' vertices in their rest pose, for their patterns.
    pub(crate) figure_rest: wgpu::Buffer,
    /// The per-frame constants.
    pub(crate) globals: wgpu::Buffer,
}

impl Buffers {
    /// The buffers for `geometry`, its static parts uploaded.
    pub(crate) fn new(device: &wgpu::Device, geometry: &Geometry) -> Buffers {
        let init = |label, contents: &[u8], usage| {
            device.create_buffer_init(&wgpu::util::BufferInitDescriptor {
                label: Some(label),
                contents,
                usage,
            })
        };
        let written = |label, size: usize, usage| {
            device.create_buffer(&wgpu::BufferDescriptor {
                label: Some(label),
                size: size as u64,
                usage: usage | wgpu::BufferUsages::COPY_DST,
                mapped_at_creation: false,
            })
        };
        let vertex = wgpu::BufferUsages::VERTEX;
        let mut rest = geometry.figures.rest();
        if rest.is_empty() {
            rest.push(bytemuck::Zeroable::zeroed());
        }
        Buffers {
            vertices: init("vertices", bytemuck::cast_slice(&geometry.vertices), vertex),
            uvs: init(
                "texture coordinates",
                bytemuck::cast_slice(&geometry.uvs),
                vertex,
            ),
            indices: init(
                "indices",
                bytemuck::cast_slice(&geometry.indices),
                wgpu::BufferUsages::INDEX,
            ),
            instances: written(
                "instances",
                geometry.draws.len().max(1) * std::mem::size_of::<Instance>(),
                vertex,
            ),
            figure_vertices: written(
                "figure vertices",
                geometry.figures.vertex_count().max(1) * std::mem::size_of::<mesh::Vertex>(),
                vertex,
            ),
            figure_rest: init("figures at rest", bytemuck::cast_slice(&rest), vertex),
            globals: written(
                "globals",
                std::mem::size_of::<Globals>(),
                wgpu::BufferUsages::UNIFORM,
            ),
        }
    }
}
