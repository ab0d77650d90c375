//! The render pipelines.

use crate::geometry::Draw;
use crate::look::Pattern;
use crate::targets::{COLOR_FORMAT, DEPTH_FORMAT, SHADOW_FORMAT};
use crate::{Instance, figures, mesh};

/// The render pipelines: a colour pipeline per variant drawn, a receiver (re-shading the
/// cached background under moving shadows) per variant of the still set, the sky's, the
/// shadow pass's, and the restoring of the still set's shadows where moving casters were.
pub(crate) struct Pipelines {
    pub(crate) main: Vec<(Variant, wgpu::RenderPipeline)>,
    pub(crate) receiver: Vec<(Variant, wgpu::RenderPipeline)>,
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

/// What a colour pipeline's fragment shader is specialised for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Variant {
    pub(crate) pattern: Pattern,
    /// Whether its surfaces are smooth enough somewhere to reflect the panorama pixel by
    /// pixel. Rougher ones take the vertices' blur, and their shader leaves the
    /// panorama out: llvmpipe samples a texture for every pixel of a block when any
    /// reaches it, so its mere presence cost the receivers a tenth of their time.
    pub(crate) glossy: bool,
}

/// Surfaces rougher than this reflect the panorama's blur at their vertices only (the
/// shader's `GLOSSY_BELOW`).
const GLOSSY_BELOW: f32 = 0.6;
/// How much smoother than its material skin is in places (`skin_roughness` in the shader).
const SKIN_OIL: f32 = 0.17;

impl Variant {
    /// The variant that draws `d`.
    pub(crate) fn of(d: &Draw) -> Variant {
        let oil = if d.pattern == Pattern::Skin {
            SKIN_OIL
        } else {
            0.0
        };
        Variant {
            pattern: d.pattern,
            glossy: d.color[3] - oil < GLOSSY_BELOW,
        }
    }
}

/// The variants of the draws `chosen` picks, each once, in order.
fn variants_of(draws: &[Draw], chosen: impl Fn(&Draw) -> bool) -> Vec<Variant> {
    let mut variants: Vec<Variant> = draws
        .iter()
        .filter(|d| chosen(d))
        .map(Variant::of)
        .collect();
    variants.sort();
    variants.dedup();
    variants
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
    /// A colour pipeline for one variant: `fs_main` shades and writes depth; the receiver
    /// (`fs_receiver`) re-shades the cached background under moving shadows.
    fn colour(&self, variant: Variant, receiver: bool) -> wgpu::RenderPipeline {
        let Variant { pattern, glossy } = variant;
        let constants = [
            ("PATTERN", pattern as u32 as f64),
            ("GLOSSY", f64::from(u8::from(glossy))),
            ("GLOSSY_BELOW", f64::from(GLOSSY_BELOW)),
        ];
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
            variants_of(draws, chosen)
                .into_iter()
                .map(|v| (v, maker.colour(v, receiver)))
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geometry::Placement;
    use glam::{Mat4, Vec3};

    fn draw(pattern: Pattern, roughness: f32) -> Draw {
        Draw {
            first_index: 0,
            index_count: 3,
            base_vertex: 0,
            placement: Placement::Static(Mat4::IDENTITY),
            color: [0.5, 0.5, 0.5, roughness],
            material: [0.0; 4],
            pattern,
            still: true,
            radius: 1.0,
            extent: (Vec3::splat(-1.0), Vec3::splat(1.0)),
            casts_shadow: true,
        }
    }

    #[test]
    fn only_surfaces_smooth_somewhere_get_the_panorama() {
        assert!(Variant::of(&draw(Pattern::Plain, 0.3)).glossy);
        assert!(!Variant::of(&draw(Pattern::Plain, 0.6)).glossy);
        assert!(!Variant::of(&draw(Pattern::Grass, 0.9)).glossy);
        // Skin's forehead and nose are smoother than its material says.
        assert!(Variant::of(&draw(Pattern::Skin, 0.7)).glossy);
        assert!(!Variant::of(&draw(Pattern::Figure, 0.7)).glossy);
    }

    #[test]
    fn each_variant_in_use_once_and_ordered() {
        let draws = [
            draw(Pattern::Grass, 0.9),
            draw(Pattern::Plain, 0.2),
            draw(Pattern::Plain, 0.8),
            draw(Pattern::Plain, 0.3),
        ];
        let all = variants_of(&draws, |_| true);
        let plain_rough = Variant {
            pattern: Pattern::Plain,
            glossy: false,
        };
        let plain_glossy = Variant {
            pattern: Pattern::Plain,
            glossy: true,
        };
        let grass = Variant {
            pattern: Pattern::Grass,
            glossy: false,
        };
        assert_eq!(all, vec![plain_rough, plain_glossy, grass]);
        assert_eq!(
            variants_of(&draws, |d| d.color[3] > 0.5),
            vec![plain_rough, grass]
        );
    }
}
