//! What the shaders bind: the per-frame constants, the sun's shadow maps and the models'
//! pictures, and the pipeline layouts that take them.

use crate::contact::MAP_SIZE;
use crate::environment::{Lighting, PANORAMA_LEVELS, PANORAMA_WIDTH};
use crate::models::{TEXTURE_LEVELS, TEXTURE_SIZE, Texture};
use crate::targets::Targets;
use std::sync::Arc;
use wgpu::util::DeviceExt;

/// The bind groups and pipeline layouts of a renderer.
pub(crate) struct Bindings {
    /// Colour passes' layout: constants, shadow maps, pictures.
    pub(crate) layout: wgpu::PipelineLayout,
    /// The shadow pass's layout: the constants alone.
    pub(crate) shadow_layout: wgpu::PipelineLayout,
    /// Shading with every shadow.
    pub(crate) main: wgpu::BindGroup,
    /// Shading lit by the still set's shadows alone (the cached background).
    pub(crate) plate: wgpu::BindGroup,
    /// The shadow pass's (it writes the shadow map it would read).
    pub(crate) shadow: wgpu::BindGroup,
    /// The contact shadows' maps, written every frame: with every thing, and with the
    /// still things alone.
    pub(crate) contact_all: wgpu::Texture,
    pub(crate) contact_still: wgpu::Texture,
}

fn texture_entry(
    binding: u32,
    sample_type: wgpu::TextureSampleType,
    view_dimension: wgpu::TextureViewDimension,
) -> wgpu::BindGroupLayoutEntry {
    wgpu::BindGroupLayoutEntry {
        binding,
        visibility: wgpu::ShaderStages::FRAGMENT,
        ty: wgpu::BindingType::Texture {
            sample_type,
            view_dimension,
            multisampled: false,
        },
        count: None,
    }
}

fn sampler_entry(binding: u32, kind: wgpu::SamplerBindingType) -> wgpu::BindGroupLayoutEntry {
    wgpu::BindGroupLayoutEntry {
        binding,
        visibility: wgpu::ShaderStages::FRAGMENT,
        ty: wgpu::BindingType::Sampler(kind),
        count: None,
    }
}

impl Bindings {
    /// Binds `globals`, the shadow maps of `targets`, `textures` (a layer each) and the
    /// panorama of `lighting`.
    pub(crate) fn new(
        device: &wgpu::Device,
        queue: &wgpu::Queue,
        globals: &wgpu::Buffer,
        targets: &Targets,
        (textures, lighting): (&[Arc<Texture>], Option<&Lighting>),
    ) -> Bindings {
        let uniforms = wgpu::BindGroupLayoutEntry {
            binding: 0,
            visibility: wgpu::ShaderStages::VERTEX_FRAGMENT,
            ty: wgpu::BindingType::Buffer {
                ty: wgpu::BufferBindingType::Uniform,
                has_dynamic_offset: false,
                min_binding_size: None,
            },
            count: None,
        };
        let depth = wgpu::TextureSampleType::Depth;
        let flat = wgpu::TextureViewDimension::D2;
        let layout = device.create_bind_group_layout(&wgpu::BindGroupLayoutDescriptor {
            label: Some("globals layout"),
            entries: &[
                uniforms,
                texture_entry(1, depth, flat),
                sampler_entry(2, wgpu::SamplerBindingType::Comparison),
                texture_entry(3, depth, flat),
                texture_entry(
                    4,
                    wgpu::TextureSampleType::Float { filterable: true },
                    wgpu::TextureViewDimension::D2Array,
                ),
                sampler_entry(5, wgpu::SamplerBindingType::Filtering),
                texture_entry(6, wgpu::TextureSampleType::Float { filterable: true }, flat),
                sampler_entry(7, wgpu::SamplerBindingType::Filtering),
                texture_entry(8, wgpu::TextureSampleType::Float { filterable: true }, flat),
                sampler_entry(9, wgpu::SamplerBindingType::Filtering),
            ],
        });
        let shadow_layout = device.create_bind_group_layout(&wgpu::BindGroupLayoutDescriptor {
            label: Some("shadow layout"),
            entries: &[uniforms],
        });
        let shadow_sampler = device.create_sampler(&wgpu::SamplerDescriptor {
            label: Some("shadow sampler"),
            mag_filter: wgpu::FilterMode::Linear,
            min_filter: wgpu::FilterMode::Linear,
            compare: Some(wgpu::CompareFunction::LessEqual),
            ..Default::default()
        });
        let picture_sampler = device.create_sampler(&wgpu::SamplerDescriptor {
            label: Some("picture sampler"),
            address_mode_u: wgpu::AddressMode::Repeat,
            address_mode_v: wgpu::AddressMode::Repeat,
            mag_filter: wgpu::FilterMode::Linear,
            min_filter: wgpu::FilterMode::Linear,
            mipmap_filter: wgpu::MipmapFilterMode::Linear,
            ..Default::default()
        });
        let panorama_sampler = device.create_sampler(&wgpu::SamplerDescriptor {
            label: Some("panorama sampler"),
            address_mode_u: wgpu::AddressMode::Repeat,
            mag_filter: wgpu::FilterMode::Linear,
            min_filter: wgpu::FilterMode::Linear,
            // Each material reflects one blur level (its roughness is the same all over):
            // the nearest level looks the same as a blend of two and costs half the taps.
            mipmap_filter: wgpu::MipmapFilterMode::Nearest,
            ..Default::default()
        });
        let pictures = pictures(device, queue, textures);
        let panorama = panorama(device, queue, lighting);
        let contact_sampler = device.create_sampler(&wgpu::SamplerDescriptor {
            label: Some("contact sampler"),
            mag_filter: wgpu::FilterMode::Linear,
            min_filter: wgpu::FilterMode::Linear,
            ..Default::default()
        });
        let contact_map = |label| {
            device.create_texture(&wgpu::TextureDescriptor {
                label: Some(label),
                size: wgpu::Extent3d {
                    width: MAP_SIZE,
                    height: MAP_SIZE,
                    depth_or_array_layers: 1,
                },
                mip_level_count: 1,
                sample_count: 1,
                dimension: wgpu::TextureDimension::D2,
                format: wgpu::TextureFormat::Rgba16Float,
                usage: wgpu::TextureUsages::TEXTURE_BINDING | wgpu::TextureUsages::COPY_DST,
                view_formats: &[],
            })
        };
        let (contact_all, contact_still) = (
            contact_map("contact shadows"),
            contact_map("still contact shadows"),
        );
        let all_view = contact_all.create_view(&Default::default());
        let still_view = contact_still.create_view(&Default::default());
        // Each pass darkens with its own map: the cached background with the still things
        // alone.
        let group = |sun_shadows: &wgpu::TextureView, contact: &wgpu::TextureView| {
            let view = |binding, view| wgpu::BindGroupEntry {
                binding,
                resource: wgpu::BindingResource::TextureView(view),
            };
            let sampler = |binding, sampler| wgpu::BindGroupEntry {
                binding,
                resource: wgpu::BindingResource::Sampler(sampler),
            };
            device.create_bind_group(&wgpu::BindGroupDescriptor {
                label: Some("globals"),
                layout: &layout,
                entries: &[
                    wgpu::BindGroupEntry {
                        binding: 0,
                        resource: globals.as_entire_binding(),
                    },
                    view(1, sun_shadows),
                    sampler(2, &shadow_sampler),
                    view(3, &targets.static_shadow_view),
                    view(4, &pictures),
                    sampler(5, &picture_sampler),
                    view(6, &panorama),
                    sampler(7, &panorama_sampler),
                    view(8, contact),
                    sampler(9, &contact_sampler),
                ],
            })
        };
        let pipeline_layout = |layout: &wgpu::BindGroupLayout| {
            device.create_pipeline_layout(&wgpu::PipelineLayoutDescriptor {
                label: None,
                bind_group_layouts: &[Some(layout)],
                immediate_size: 0,
            })
        };
        Bindings {
            layout: pipeline_layout(&layout),
            shadow_layout: pipeline_layout(&shadow_layout),
            main: group(&targets.shadow_view, &all_view),
            plate: group(&targets.static_shadow_view, &still_view),
            shadow: device.create_bind_group(&wgpu::BindGroupDescriptor {
                label: Some("shadow globals"),
                layout: &shadow_layout,
                entries: &[wgpu::BindGroupEntry {
                    binding: 0,
                    resource: globals.as_entire_binding(),
                }],
            }),
            contact_all,
            contact_still,
        }
    }
}

/// The models' pictures as one array texture, a layer each with its mip chain (one
/// white layer when there are none).
fn pictures(
    device: &wgpu::Device,
    queue: &wgpu::Queue,
    textures: &[Arc<Texture>],
) -> wgpu::TextureView {
    let layers = textures.len().max(1) as u32;
    let mut data = Vec::new();
    for layer in 0..layers as usize {
        for level in 0..TEXTURE_LEVELS {
            let side = (TEXTURE_SIZE >> level) as usize;
            match textures.get(layer) {
                Some(t) => data.extend_from_slice(&t.levels[level as usize]),
                None => data.resize(data.len() + side * side * 4, 255),
            }
        }
    }
    let texture = device.create_texture_with_data(
        queue,
        &wgpu::TextureDescriptor {
            label: Some("pictures"),
            size: wgpu::Extent3d {
                width: TEXTURE_SIZE,
                height: TEXTURE_SIZE,
                depth_or_array_layers: layers,
            },
            mip_level_count: TEXTURE_LEVELS,
            sample_count: 1,
            dimension: wgpu::TextureDimension::D2,
            format: wgpu::TextureFormat::Rgba8UnormSrgb,
            usage: wgpu::TextureUsages::TEXTURE_BINDING,
            view_formats: &[],
        },
        wgpu::util::TextureDataOrder::LayerMajor,
        &data,
    );
    texture.create_view(&wgpu::TextureViewDescriptor {
        dimension: Some(wgpu::TextureViewDimension::D2Array),
        ..Default::default()
    })
}

/// The panorama's mip levels as a texture (one black pixel's worth when there is none).
fn panorama(
    device: &wgpu::Device,
    queue: &wgpu::Queue,
    lighting: Option<&Lighting>,
) -> wgpu::TextureView {
    let (width, levels, data) = match lighting {
        Some(l) => (PANORAMA_WIDTH, PANORAMA_LEVELS, l.prepared.levels.concat()),
        None => (2, 1, vec![half::f16::ZERO; 2 * 4]),
    };
    let texture = device.create_texture_with_data(
        queue,
        &wgpu::TextureDescriptor {
            label: Some("panorama"),
            size: wgpu::Extent3d {
                width,
                height: width / 2,
                depth_or_array_layers: 1,
            },
            mip_level_count: levels,
            sample_count: 1,
            dimension: wgpu::TextureDimension::D2,
            format: wgpu::TextureFormat::Rgba16Float,
            usage: wgpu::TextureUsages::TEXTURE_BINDING,
            view_formats: &[],
        },
        wgpu::util::TextureDataOrder::LayerMajor,
        bytemuck::cast_slice(&data),
    );
    texture.create_view(&Default::default())
}
