//! The render pipelines.

use crate::geometry::Draw;
use crate::look::Pattern;
use crate::targets::{COLOR_FORMAT, DEPTH_FORMAT, SHADOW_FORMAT};
use crate::{Instance, figures, mesh};

/// The render pipelines: a colour pipeline per pattern drawn, a receiver (re-shading the
/// cached background under moving shadows) per pattern of the still set, the sky's, the
/// shadow pass's, and the restoring of the still set's shadows where moving casters were.
pub(crate) struct Pipelines {
    pub(crate) main: Vec<(Pattern, wgpu::RenderPipeline)>,
    pub(crate) receiver: Vec<(Pattern, wgpu::RenderPipeline)>,
    pub(crate) sky: wgpu::RenderPipeline,
    pub(crate) shadow: wgpu::RenderPipeline,
    pub(crate) restore_shadow: wgpu::RenderPipeline,
}

/// A mesh vertex: position and normal.
const VERTEX_ATTRIBUTES: [wgpu::VertexAttribute; 2] =
    wgpu::vertex_attr_array![0 => Float32x3, 1 => Float32x3];
/// An instance: its matrix's four columns, its colour and its material.
const INSTANCE_ATTRIBUTES: [wgpu::VertexAttribute; 6] = wgpu::vertex_attr_array![2 => Float32x4, 3 => Float32x4, 4 => Float32x4, 5 => Float32x4, 6 => Float32x4, 7 => Float32x4];
/// Where a person's vertex is in their rest pose, for their patterns.
const REST_ATTRIBUTES: [wgpu::VertexAttribute; 2] =
    wgpu::vertex_attr_array![8 => Float32x3, 9 => Float32x3];
/// Where a model's vertex samples its picture.
const UV_ATTRIBUTES: [wgpu::VertexAttribute; 1] = wgpu::vertex_attr_array![10 => Float32x2];

/// The vertex buffers a pipeline reads: vertices and instances, for people also their
/// vertices at rest, and for pictured models their texture coordinates.
fn vertex_buffers(pattern: Pattern) -> Vec<Option<wgpu::VertexBufferLayout<'static>>> {
    let mut buffers = vec![
        Some(wgpu::VertexBufferLayout {
            array_stride: std::mem::size_of::<mesh::Vertex>() as u64,
            step_mode: wgpu::VertexStepMode::Vertex,
            attributes: &VERTEX_ATTRIBUTES,
        }),
        Some(wgpu::VertexBufferLayout {
            array_stride: std::mem::size_of::<Instance>() as u64,
            step_mode: wgpu::VertexStepMode::Instance,
            attributes: &INSTANCE_ATTRIBUTES,
        }),
    ];
    if pattern.on_figure() {
        buffers.push(Some(wgpu::VertexBufferLayout {
            array_stride: std::mem::size_of::<figures::RestVertex>() as u64,
            step_mode: wgpu::VertexStepMode::Vertex,
            attributes: &REST_ATTRIBUTES,
        }));
    }
    if pattern.pictured() {
        buffers.push(Some(wgpu::VertexBufferLayout {
            array_stride: std::mem::size_of::<[f32; 2]>() as u64,
            step_mode: wgpu::VertexStepMode::Vertex,
            attributes: &UV_ATTRIBUTES,
        }));
    }
    buffers
}

/// A depth test against `compare`, writing depth when `write`.
fn depth(
    format: wgpu::TextureFormat,
    write: bool,
    compare: wgpu::CompareFunction,
    bias: wgpu::DepthBiasState,
) -> wgpu::DepthStencilState {
    wgpu::DepthStencilState {
        format,
        depth_write_enabled: Some(write),
        depth_compare: Some(compare),
        stencil: Default::default(),
        bias,
    }
}

/// The patterns of the draws `chosen` picks, each once, in order.
fn patterns_of(draws: &[Draw], chosen: impl Fn(&Draw) -> bool) -> Vec<Pattern> {
    let mut patterns: Vec<Pattern> = draws
        .iter()
        .filter(|d| chosen(d))
        .map(|d| d.pattern)
        .collect();
    patterns.sort();
    patterns.dedup();
    patterns
}

/// What every pipeline is made with.
struct Maker<'a> {
    device: &'a wgpu::Device,
    shader: &'a wgpu::ShaderModule,
    layout: &'a wgpu::PipelineLayout,
    multisample: wgpu::MultisampleState,
}

/// The colour target every colour pass draws into.
const COLOR_TARGET: [Option<wgpu::ColorTargetState>; 1] = [Some(wgpu::ColorTargetState {
    format: COLOR_FORMAT,
    blend: None,
    write_mask: wgpu::ColorWrites::ALL,
})];

impl Maker<'_> {
    /// A colour pipeline for one pattern: `fs_main` shades and writes depth; the receiver
    /// (`fs_receiver`) re-shades the cached background under moving shadows.
    fn colour(&self, pattern: Pattern, receiver: bool) -> wgpu::RenderPipeline {
        let constants = [("PATTERN", pattern as u32 as f64)];
        let (entry, write, compare) = if receiver {
            ("fs_receiver", false, wgpu::CompareFunction::LessEqual)
        } else {
            ("fs_main", true, wgpu::CompareFunction::Less)
        };
        let vertex_entry = if pattern.on_figure() {
            "vs_figure"
        } else if pattern.pictured() {
            "vs_textured"
        } else {
            "vs_main"
        };
        self.device
            .create_render_pipeline(&wgpu::RenderPipelineDescriptor {
                label: Some(entry),
                layout: Some(self.layout),
                vertex: wgpu::VertexState {
                    module: self.shader,
                    entry_point: Some(vertex_entry),
                    compilation_options: Default::default(),
                    buffers: &vertex_buffers(pattern),
                },
                primitive: wgpu::PrimitiveState {
                    cull_mode: Some(wgpu::Face::Back),
                    ..Default::default()
                },
                depth_stencil: Some(depth(DEPTH_FORMAT, write, compare, Default::default())),
                multisample: self.multisample,
                fragment: Some(wgpu::FragmentState {
                    module: self.shader,
                    entry_point: Some(entry),
                    compilation_options: wgpu::PipelineCompilationOptions {
                        constants: &constants,
                        ..Default::default()
                    },
                    targets: &COLOR_TARGET,
                }),
                multiview_mask: None,
                cache: None,
            })
    }

    /// The sky, drawn behind everything from one full-screen triangle.
    fn sky(&self) -> wgpu::RenderPipeline {
        self.device
            .create_render_pipeline(&wgpu::RenderPipelineDescriptor {
                label: Some("sky"),
                layout: Some(self.layout),
                vertex: wgpu::VertexState {
                    module: self.shader,
                    entry_point: Some("vs_sky"),
                    compilation_options: Default::default(),
                    buffers: &[],
                },
                primitive: Default::default(),
                depth_stencil: Some(depth(
                    DEPTH_FORMAT,
                    false,
                    wgpu::CompareFunction::LessEqual,
                    Default::default(),
                )),
                multisample: self.multisample,
                fragment: Some(wgpu::FragmentState {
                    module: self.shader,
                    entry_point: Some("fs_sky"),
                    compilation_options: Default::default(),
                    targets: &COLOR_TARGET,
                }),
                multiview_mask: None,
                cache: None,
            })
    }

    /// The sun's shadow map: depth alone, both faces, biased against acne.
    fn shadow(&self, layout: &wgpu::PipelineLayout) -> wgpu::RenderPipeline {
        self.device
            .create_render_pipeline(&wgpu::RenderPipelineDescriptor {
                label: Some("shadow"),
                layout: Some(layout),
                vertex: wgpu::VertexState {
                    module: self.shader,
                    entry_point: Some("vs_shadow"),
                    compilation_options: Default::default(),
                    buffers: &vertex_buffers(Pattern::Plain),
                },
                primitive: wgpu::PrimitiveState {
                    cull_mode: None,
                    ..Default::default()
                },
                depth_stencil: Some(depth(
                    SHADOW_FORMAT,
                    true,
                    wgpu::CompareFunction::Less,
                    wgpu::DepthBiasState {
                        constant: 2,
                        slope_scale: 2.0,
                        clamp: 0.0,
                    },
                )),
                multisample: Default::default(),
                fragment: None,
                multiview_mask: None,
                cache: None,
            })
    }
}

impl Maker<'_> {
    /// Copies the still set's shadow map into a frame's, within the pass's scissor: one
    /// full-screen triangle writing each texel's depth (a depth texture cannot be copied
    /// in part, and copying all of it each frame cost more than drawing the casters).
    fn restore_shadow(&self) -> wgpu::RenderPipeline {
        self.device
            .create_render_pipeline(&wgpu::RenderPipelineDescriptor {
                label: Some("restore shadow"),
                layout: Some(self.layout),
                vertex: wgpu::VertexState {
                    module: self.shader,
                    entry_point: Some("vs_sky"),
                    compilation_options: Default::default(),
                    buffers: &[],
                },
                primitive: Default::default(),
                depth_stencil: Some(depth(
                    SHADOW_FORMAT,
                    true,
                    wgpu::CompareFunction::Always,
                    Default::default(),
                )),
                multisample: Default::default(),
                fragment: Some(wgpu::FragmentState {
                    module: self.shader,
                    entry_point: Some("fs_restore_shadow"),
                    compilation_options: Default::default(),
                    targets: &[],
                }),
                multiview_mask: None,
                cache: None,
            })
    }
}

impl Pipelines {
    /// The pipelines for `draws`, shading with `layout` and casting shadows with
    /// `shadow_layout`, at `msaa` samples a pixel.
    pub(crate) fn new(
        device: &wgpu::Device,
        shader: &wgpu::ShaderModule,
        (layout, shadow_layout): (&wgpu::PipelineLayout, &wgpu::PipelineLayout),
        draws: &[Draw],
        msaa: u32,
    ) -> Pipelines {
        let maker = Maker {
            device,
            shader,
            layout,
            multisample: wgpu::MultisampleState {
                count: msaa,
                mask: !0,
                alpha_to_coverage_enabled: false,
            },
        };
        let made = |receiver: bool, chosen: &dyn Fn(&Draw) -> bool| {
            patterns_of(draws, chosen)
                .into_iter()
                .map(|p| (p, maker.colour(p, receiver)))
                .collect()
        };
        Pipelines {
            main: made(false, &|_| true),
            receiver: made(true, &|d| d.still),
            sky: maker.sky(),
            shadow: maker.shadow(shadow_layout),
            restore_shadow: maker.restore_shadow(),
        }
    }
}
