//! The render pipelines.

use crate::geometry::Draw;
use crate::look::Pattern;
use crate::targets::{COLOR_FORMAT, DEPTH_FORMAT, SHADOW_FORMAT};
use crate::{Instance, figures, mesh};

/// The render pipelines: a colour pipeline per pattern drawn, a receiver (re-shading the
/// cached background under moving shadows) per pattern of the still set, the sky's, and
/// the shadow pass's.
pub(crate) struct Pipelines {
    pub(crate) main: Vec<(Pattern, wgpu::RenderPipeline)>,
    pub(crate) receiver: Vec<(Pattern, wgpu::RenderPipeline)>,
    pub(crate) sky: wgpu::RenderPipeline,
    pub(crate) shadow: wgpu::RenderPipeline,
}

impl Pipelines {
    /// The pipelines for `draws`, shading with `layout` and casting shadows with
    /// `shadow_layout`, at `msaa` samples a pixel.
    pub(crate) fn new(
        device: &wgpu::Device,
        shader: &wgpu::ShaderModule,
        (pipeline_layout, shadow_pipeline_layout): (&wgpu::PipelineLayout, &wgpu::PipelineLayout),
        draws: &[Draw],
        msaa: u32,
    ) -> Pipelines {
        let instance_attributes = wgpu::vertex_attr_array![2 => Float32x4, 3 => Float32x4, 4 => Float32x4, 5 => Float32x4, 6 => Float32x4, 7 => Float32x4];
        let vertex_attributes = wgpu::vertex_attr_array![0 => Float32x3, 1 => Float32x3];
        let buffers = [
            Some(wgpu::VertexBufferLayout {
                array_stride: std::mem::size_of::<mesh::Vertex>() as u64,
                step_mode: wgpu::VertexStepMode::Vertex,
                attributes: &vertex_attributes,
            }),
            Some(wgpu::VertexBufferLayout {
                array_stride: std::mem::size_of::<Instance>() as u64,
                step_mode: wgpu::VertexStepMode::Instance,
                attributes: &instance_attributes,
            }),
        ];
        // People also read where each vertex is in their rest pose, for their patterns.
        let rest_attributes = wgpu::vertex_attr_array![8 => Float32x3, 9 => Float32x3];
        let figure_buffers = [
            buffers[0].clone(),
            buffers[1].clone(),
            Some(wgpu::VertexBufferLayout {
                array_stride: std::mem::size_of::<figures::RestVertex>() as u64,
                step_mode: wgpu::VertexStepMode::Vertex,
                attributes: &rest_attributes,
            }),
        ];
        let depth = |format, write: bool, compare, bias| wgpu::DepthStencilState {
            format,
            depth_write_enabled: Some(write),
            depth_compare: Some(compare),
            stencil: Default::default(),
            bias,
        };
        let multisample = wgpu::MultisampleState {
            count: msaa,
            mask: !0,
            alpha_to_coverage_enabled: false,
        };
        let color_target = [Some(wgpu::ColorTargetState {
            format: COLOR_FORMAT,
            blend: None,
            write_mask: wgpu::ColorWrites::ALL,
        })];
        let mut patterns: Vec<Pattern> = draws.iter().map(|d: &Draw| d.pattern).collect();
        patterns.sort();
        patterns.dedup();
        // A colour pipeline for one pattern: `fs_main` shades and writes depth; the
        // receiver (`fs_receiver`) re-shades the cached background under moving shadows.
        let colour_pipeline = |pattern: Pattern, receiver: bool| {
            let constants = [("PATTERN", pattern as u32 as f64)];
            let options = wgpu::PipelineCompilationOptions {
                constants: &constants,
                ..Default::default()
            };
            let (entry, depth_state) = if receiver {
                (
                    "fs_receiver",
                    depth(
                        DEPTH_FORMAT,
                        false,
                        wgpu::CompareFunction::LessEqual,
                        Default::default(),
                    ),
                )
            } else {
                (
                    "fs_main",
                    depth(
                        DEPTH_FORMAT,
                        true,
                        wgpu::CompareFunction::Less,
                        Default::default(),
                    ),
                )
            };
            let (vertex_entry, vertex_buffers): (_, &[_]) = if pattern.on_figure() {
                ("vs_figure", &figure_buffers)
            } else {
                ("vs_main", &buffers)
            };
            device.create_render_pipeline(&wgpu::RenderPipelineDescriptor {
                label: Some(entry),
                layout: Some(pipeline_layout),
                vertex: wgpu::VertexState {
                    module: shader,
                    entry_point: Some(vertex_entry),
                    compilation_options: Default::default(),
                    buffers: vertex_buffers,
                },
                primitive: wgpu::PrimitiveState {
                    cull_mode: Some(wgpu::Face::Back),
                    ..Default::default()
                },
                depth_stencil: Some(depth_state),
                multisample,
                fragment: Some(wgpu::FragmentState {
                    module: shader,
                    entry_point: Some(entry),
                    compilation_options: options,
                    targets: &color_target,
                }),
                multiview_mask: None,
                cache: None,
            })
        };
        let main_pipelines = patterns
            .iter()
            .map(|&p| (p, colour_pipeline(p, false)))
            .collect();
        let mut still_patterns: Vec<Pattern> = draws
            .iter()
            .filter(|d| d.still)
            .map(|d| d.pattern)
            .collect();
        still_patterns.sort();
        still_patterns.dedup();
        let receiver_pipelines = still_patterns
            .iter()
            .map(|&p| (p, colour_pipeline(p, true)))
            .collect();
        let sky_pipeline = device.create_render_pipeline(&wgpu::RenderPipelineDescriptor {
            label: Some("sky"),
            layout: Some(pipeline_layout),
            vertex: wgpu::VertexState {
                module: shader,
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
            multisample,
            fragment: Some(wgpu::FragmentState {
                module: shader,
                entry_point: Some("fs_sky"),
                compilation_options: Default::default(),
                targets: &color_target,
            }),
            multiview_mask: None,
            cache: None,
        });
        let shadow_pipeline = device.create_render_pipeline(&wgpu::RenderPipelineDescriptor {
            label: Some("shadow"),
            layout: Some(shadow_pipeline_layout),
            vertex: wgpu::VertexState {
                module: shader,
                entry_point: Some("vs_shadow"),
                compilation_options: Default::default(),
                buffers: &buffers,
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
        });
        Pipelines {
            main: main_pipelines,
            receiver: receiver_pipelines,
            sky: sky_pipeline,
            shadow: shadow_pipeline,
        }
    }
}
