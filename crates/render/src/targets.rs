//! The pictures a renderer draws into.

pub(crate) const COLOR_FORMAT: wgpu::TextureFormat = wgpu::TextureFormat::Rgba8UnormSrgb;
pub(crate) const DEPTH_FORMAT: wgpu::TextureFormat = wgpu::TextureFormat::Depth32Float;
/// Shadow maps keep 16 bits of depth (millimetres over the light's range): half the memory
/// to copy and to fetch from, which on a CPU driver is most of their cost.
pub(crate) const SHADOW_FORMAT: wgpu::TextureFormat = wgpu::TextureFormat::Depth16Unorm;

/// The pictures a renderer draws into: the sun's shadow maps (every caster, and the still
/// set's alone), the colour and depth targets (multisampled, with a resolve target when
/// they are), the cached background of a still camera, and two readback buffers.
pub(crate) struct Targets {
    pub(crate) shadow_texture: wgpu::Texture,
    pub(crate) shadow_view: wgpu::TextureView,
    /// The shadows of the still set alone, drawn once.
    pub(crate) static_shadow: wgpu::Texture,
    pub(crate) static_shadow_view: wgpu::TextureView,
    pub(crate) color_texture: wgpu::Texture,
    pub(crate) color_view: wgpu::TextureView,
    pub(crate) resolve: Option<(wgpu::Texture, wgpu::TextureView)>,
    pub(crate) depth_texture: wgpu::Texture,
    pub(crate) depth_view: wgpu::TextureView,
    /// The still set filmed from the renderer's `plate_camera`.
    pub(crate) plate_color: wgpu::Texture,
    pub(crate) plate_depth: wgpu::Texture,
    /// Bytes per row of a readback, padded as copies need.
    pub(crate) padded_row: u32,
    /// Two read-back buffers, so one frame renders while the last is copied out.
    pub(crate) readbacks: [wgpu::Buffer; 2],
}

impl Targets {
    /// Targets for pictures `width` × `height` at `msaa` samples a pixel, with shadow maps
    /// `shadow_size` texels square.
    pub(crate) fn new(
        device: &wgpu::Device,
        (width, height): (u32, u32),
        msaa: u32,
        shadow_size: u32,
    ) -> Targets {
        let texture = |label, format, size: (u32, u32), samples, usage| {
            device.create_texture(&wgpu::TextureDescriptor {
                label: Some(label),
                size: wgpu::Extent3d {
                    width: size.0,
                    height: size.1,
                    depth_or_array_layers: 1,
                },
                mip_level_count: 1,
                sample_count: samples,
                dimension: wgpu::TextureDimension::D2,
                format,
                usage,
                view_formats: &[],
            })
        };
        let shadow_texture = texture(
            "shadow",
            SHADOW_FORMAT,
            (shadow_size, shadow_size),
            1,
            wgpu::TextureUsages::RENDER_ATTACHMENT
                | wgpu::TextureUsages::TEXTURE_BINDING
                | wgpu::TextureUsages::COPY_DST,
        );
        let shadow_view = shadow_texture.create_view(&Default::default());
        let static_shadow = texture(
            "static shadow",
            SHADOW_FORMAT,
            (shadow_size, shadow_size),
            1,
            wgpu::TextureUsages::RENDER_ATTACHMENT
                | wgpu::TextureUsages::TEXTURE_BINDING
                | wgpu::TextureUsages::COPY_SRC,
        );
        let static_shadow_view = static_shadow.create_view(&Default::default());
        let attachment = wgpu::TextureUsages::RENDER_ATTACHMENT;
        let copy = wgpu::TextureUsages::COPY_SRC | wgpu::TextureUsages::COPY_DST;
        let color_texture = texture(
            "color",
            COLOR_FORMAT,
            (width, height),
            msaa,
            attachment | copy,
        );
        // The cached background of a still camera: colour and depth of the still set.
        let plate_color = texture(
            "plate colour",
            COLOR_FORMAT,
            (width, height),
            msaa,
            attachment | copy,
        );
        let plate_depth = texture(
            "plate depth",
            DEPTH_FORMAT,
            (width, height),
            msaa,
            attachment | copy,
        );
        let color_view = color_texture.create_view(&Default::default());
        let resolve = (msaa > 1).then(|| {
            let t = texture(
                "resolve",
                COLOR_FORMAT,
                (width, height),
                1,
                attachment | wgpu::TextureUsages::COPY_SRC,
            );
            let v = t.create_view(&Default::default());
            (t, v)
        });
        let depth_texture = texture(
            "depth",
            DEPTH_FORMAT,
            (width, height),
            msaa,
            attachment | copy,
        );
        let depth_view = depth_texture.create_view(&Default::default());
        let padded_row = (width * 4).div_ceil(wgpu::COPY_BYTES_PER_ROW_ALIGNMENT)
            * wgpu::COPY_BYTES_PER_ROW_ALIGNMENT;
        let readbacks = [0, 1].map(|_| {
            device.create_buffer(&wgpu::BufferDescriptor {
                label: Some("readback"),
                size: (padded_row * height) as u64,
                usage: wgpu::BufferUsages::MAP_READ | wgpu::BufferUsages::COPY_DST,
                mapped_at_creation: false,
            })
        });
        Targets {
            shadow_texture,
            shadow_view,
            static_shadow,
            static_shadow_view,
            color_texture,
            color_view,
            resolve,
            depth_texture,
            depth_view,
            plate_color,
            plate_depth,
            padded_row,
            readbacks,
        }
    }
}
