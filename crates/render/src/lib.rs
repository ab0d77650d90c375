//! Rendering: films a Timeline into RGBA frames, offscreen, with wgpu over Vulkan.
//!
//! On machines without a GPU, Vulkan is Mesa's lavapipe CPU driver; on GPU servers it is
//! the GPU. Each frame is a shadow pass from the sun, then a multisampled colour pass
//! (sky, then every part with procedural surfaces, filtered shadows, ambient light and
//! fog), resolved to an sRGB image and read back.

mod antialias;
mod bindings;
mod buffers;
mod contact;
mod environment;
mod figures;
mod geometry;
mod look;
mod mesh;
mod model_cache;
mod models;
mod pipelines;
mod pool;
mod screen;
mod style;
mod targets;

use bindings::Bindings;
use buffers::Buffers;
use bytemuck::{Pod, Zeroable};
use geometry::{Draw, Geometry, Placement, precipitation};
use glam::camera::rh::proj::directx::{orthographic, perspective};
use glam::camera::rh::view::look_at_mat4 as look_at;
use glam::{Mat4, Quat, Vec3};
use pipelines::{Pipelines, Variant};
use scene::Material;
use screen::{ScreenRect, Seen, box_corners};
use std::sync::{Arc, Mutex};
use targets::Targets;
use timeline::{Pose, Timeline};

pub use models::prepare_models;
pub use pool::RendererPool;

/// Picture size and quality.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RenderOptions {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// How edges are smoothed.
    pub antialias: Antialias,
    /// Side of the square shadow map in texels.
    pub shadow_size: u32,
}

/// How edges are smoothed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Antialias {
    /// Not at all: previews.
    Off,
    /// A filter over the finished frame that follows each edge (FXAA-like, on the CPU).
    Edges,
    /// Four samples per pixel (MSAA 4x): the finest, and on a CPU driver the slowest.
    Multisample,
}

impl Antialias {
    fn samples(self) -> u32 {
        if self == Antialias::Multisample { 4 } else { 1 }
    }
}

/// Why rendering failed.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// No Vulkan device could be opened.
    #[error(
        "no Vulkan device found ({0}); install Mesa's Vulkan driver (Debian/Ubuntu: `apt-get install mesa-vulkan-drivers libvulkan1`, or run scripts/setup.sh)"
    )]
    NoDevice(String),
    /// The picture size is not usable.
    #[error("{0}")]
    Size(String),
    /// The GPU reported an error.
    #[error("rendering failed: {0}")]
    Gpu(String),
}

/// Per-instance data: model matrix, albedo and roughness, metalness and pattern.
#[repr(C)]
#[derive(Debug, Clone, Copy, Pod, Zeroable)]
struct Instance {
    model: [[f32; 4]; 4],
    color: [f32; 4],
    material: [f32; 4],
}

/// Per-frame constants; the layout matches `Globals` in the shader.
#[repr(C)]
#[derive(Debug, Clone, Copy, Pod, Zeroable)]
struct Globals {
    view_proj: [[f32; 4]; 4],
    light_view_proj: [[f32; 4]; 4],
    inv_view_proj: [[f32; 4]; 4],
    camera_pos: [f32; 4],
    sun_dir: [f32; 4],
    sun_color: [f32; 4],
    sky_zenith: [f32; 4],
    sky_horizon: [f32; 4],
    ground_bounce: [f32; 4],
    fog: [f32; 4],
    params: [f32; 4],
    /// Up to four lamps: positions in the first four, linear colours times intensity in
    /// the last four; `params.w` counts them.
    lamps: [[f32; 4]; 8],
    /// The panorama's irradiance: nine spherical-harmonic coefficients (over π, scaled).
    irradiance: [[f32; 4]; 9],
    /// The panorama's scale, its sky's scale, the height its sky shows from (2 never),
    /// and 1 when there is a panorama (0 for the look's sky and ground light alone).
    environment: [f32; 4],
    /// The contact shadows' map (see `contact`): the world's x and z at its corner, and
    /// one over its side in metres, twice.
    contact: [f32; 4],
}

/// Lamps that light their surroundings, at most this many.
const MAX_LAMPS: usize = 4;

/// A renderer set up for one timeline at one picture size.
pub struct Renderer {
    /// The things that cast contact shadows, and their maps with every thing and with
    /// the still ones.
    occluders: contact::Occluders,
    contact_maps: (wgpu::Texture, wgpu::Texture),
    device: wgpu::Device,
    queue: wgpu::Queue,
    options: RenderOptions,
    /// The picture style applied to each frame as it is read back.
    style: scene::Style,
    /// The lamps lighting the scene, packed for the shader, and their number.
    lamps: [[f32; 4]; 8],
    lamp_count: usize,
    adapter: String,
    /// Whether the device is a CPU driver rather than a GPU.
    on_cpu: bool,
    /// One colour pipeline per variant in use.
    main_pipelines: Vec<(Variant, wgpu::RenderPipeline)>,
    /// Re-shading of the cached background where moving shadows fall, per variant.
    receiver_pipelines: Vec<(Variant, wgpu::RenderPipeline)>,
    sky_pipeline: wgpu::RenderPipeline,
    shadow_pipeline: wgpu::RenderPipeline,
    restore_shadow_pipeline: wgpu::RenderPipeline,
    bind_group: wgpu::BindGroup,
    /// Like `bind_group`, but lit by the still set's shadows alone.
    plate_bind_group: wgpu::BindGroup,
    shadow_bind_group: wgpu::BindGroup,
    /// The vertices, indices, instances and constants drawn from.
    buffers: Buffers,
    /// The shadow maps, colour and depth targets, cached background and readbacks.
    targets: Targets,
    /// Whether the still set's shadow map has been drawn.
    static_shadow_drawn: bool,
    /// Where the last frame drew moving casters into `targets.shadow_texture` (texels):
    /// the rest of it holds the still set's shadows.
    moving_shadow_drawn: Option<ScreenRect>,
    /// Where the cached background (`targets.plate_color`) was filmed from: it is reused
    /// while the camera holds still.
    plate_camera: Option<timeline::CameraPose>,
    /// The models drawn, each once.
    assets: Vec<assets::Asset>,
    /// The panorama's irradiance and scales, as `Globals` takes them.
    lighting_constants: ([[f32; 4]; 9], [f32; 4]),
    /// The panorama lighting the film, if one does.
    environment: Option<&'static str>,
    figures: figures::Figures,
    /// The level of detail each figure is drawn at this frame (see `draw_one`).
    detail: Vec<usize>,
    /// The level each figure casts its shadow at: the coarsest.
    shadow_detail: Vec<usize>,
    /// Frames submitted and not yet read: (read-back slot, submission).
    in_flight: std::collections::VecDeque<(usize, wgpu::SubmissionIndex)>,
    next_slot: usize,
    draws: Vec<Draw>,
    look: look::Look,
    indoors: bool,
    light_view_proj: Mat4,
    errors: Arc<Mutex<Vec<String>>>,
    antialias_scratch: antialias::Scratch,
}

/// The box round some points (inverted and empty when there are none).
pub(crate) fn bounds(points: impl IntoIterator<Item = Vec3>) -> (Vec3, Vec3) {
    points.into_iter().fold(
        (Vec3::splat(f32::MAX), Vec3::splat(f32::MIN)),
        |(lo, hi), p| (lo.min(p), hi.max(p)),
    )
}

/// The box round a box `extent` placed by `model`.
pub(crate) fn world_box(extent: (Vec3, Vec3), model: Mat4) -> (Vec3, Vec3) {
    bounds(box_corners(extent.0, extent.1).map(|c| model.transform_point3(c)))
}

fn pose_matrix(pose: &Pose) -> Mat4 {
    Mat4::from_rotation_translation(Quat::from_array(pose.rotation), Vec3::from(pose.position))
}

/// The glowing parts of the still set that light what is around them (street lamps
/// brightly, lamps and screens a little), packed for the shader, and how many there are.
fn lamps(timeline: &Timeline, still: &[bool]) -> ([[f32; 4]; 8], usize) {
    let mut out = [[0.0; 4]; 8];
    let mut count = 0;
    for (t, track) in timeline.tracks.iter().enumerate() {
        if !still[t] {
            continue;
        }
        for part in track.parts.iter().filter(|p| p.material == Material::Light) {
            if count == MAX_LAMPS {
                return (out, count);
            }
            let at = timeline.frames[0].poses[t].apply(part.offset);
            let strength = if at[1] > 2.0 { 25.0 } else { 3.0 };
            let [r, g, b] = part.color.linear();
            out[count] = [at[0], at[1], at[2], 1.0];
            out[MAX_LAMPS + count] = [r * strength, g * strength, b * strength, 0.0];
            count += 1;
        }
    }
    (out, count)
}

/// The median distance from the camera to what it looks at over the film.
fn viewing_distance(timeline: &Timeline) -> f32 {
    let mut d: Vec<f32> = timeline
        .frames
        .iter()
        .map(|f| Vec3::from(f.camera.eye).distance(Vec3::from(f.camera.target)))
        .collect();
    d.sort_by(f32::total_cmp);
    d.get(d.len() / 2).copied().unwrap_or(10.0)
}

/// Opens the Vulkan device (lavapipe or a GPU) and names it.
/// A device and its queue, the adapter's name, and whether it is a CPU driver.
/// Refuses a picture size the renderer cannot make.
fn check_size(width: u32, height: u32) -> Result<(), RenderError> {
    if (16..=4096).contains(&width)
        && (16..=4096).contains(&height)
        && width.is_multiple_of(2)
        && height.is_multiple_of(2)
    {
        return Ok(());
    }
    Err(RenderError::Size(format!(
        "{width}x{height} is not a usable picture size; give even sizes from 16 to 4096"
    )))
}

fn open_device() -> Result<(wgpu::Device, wgpu::Queue, String, bool), RenderError> {
    let mut descriptor = wgpu::InstanceDescriptor::new_without_display_handle();
    descriptor.backends = wgpu::Backends::VULKAN;
    let instance = wgpu::Instance::new(descriptor);
    let adapter = pollster::block_on(instance.request_adapter(&wgpu::RequestAdapterOptions {
        power_preference: wgpu::PowerPreference::HighPerformance,
        force_fallback_adapter: false,
        compatible_surface: None,
        apply_limit_buckets: false,
    }))
    .map_err(|e| RenderError::NoDevice(e.to_string()))?;
    let info = adapter.get_info();
    let name = format!("{} ({:?})", info.name, info.device_type);
    let (device, queue) = pollster::block_on(adapter.request_device(&wgpu::DeviceDescriptor {
        label: Some("diorama"),
        required_features: wgpu::Features::empty(),
        required_limits: wgpu::Limits::downlevel_defaults().using_resolution(adapter.limits()),
        ..Default::default()
    }))
    .map_err(|e| RenderError::NoDevice(e.to_string()))?;
    Ok((
        device,
        queue,
        name,
        info.device_type == wgpu::DeviceType::Cpu,
    ))
}

impl Renderer {
    /// Prepares to render `timeline` at the given size.
    pub fn new(timeline: &Timeline, options: &RenderOptions) -> Result<Renderer, RenderError> {
        let RenderOptions {
            width,
            height,
            antialias,
            shadow_size,
        } = *options;
        let msaa = antialias.samples();
        check_size(width, height)?;
        let (device, queue, adapter, on_cpu) = open_device()?;
        // Report GPU errors as errors, not panics.
        let errors = Arc::new(Mutex::new(Vec::new()));
        let sink = errors.clone();
        device.on_uncaptured_error(Arc::new(move |e: wgpu::Error| {
            sink.lock()
                .unwrap_or_else(|p| p.into_inner())
                .push(e.to_string())
        }));
        let shader = device.create_shader_module(wgpu::ShaderModuleDescriptor {
            label: Some("diorama shader"),
            source: wgpu::ShaderSource::Wgsl(include_str!("shader.wgsl").into()),
        });

        let geometry = Geometry::of(timeline);
        let buffers = Buffers::new(&device, &geometry);
        let Geometry {
            draws,
            figures,
            still_track,
            textures,
            assets,
            ..
        } = geometry;
        let setting = timeline.environment.setting;
        let lamps = lamps(timeline, &still_track);
        let occluders = contact::Occluders::of(timeline, &still_track);
        let targets = Targets::new(&device, (width, height), msaa, shadow_size);

        let look = look::weathered(
            look::look(setting, timeline.environment.time_of_day),
            timeline.environment.weather,
            setting.indoors(),
            viewing_distance(timeline),
        );
        let lighting = environment::lighting(
            setting,
            timeline.environment.time_of_day,
            timeline.environment.weather,
            &look,
        );
        let bindings = Bindings::new(
            &device,
            &queue,
            &buffers.globals,
            &targets,
            (&textures, lighting.as_ref()),
        );
        let pipelines = Pipelines::new(
            &device,
            &shader,
            (&bindings.layout, &bindings.shadow_layout),
            &draws,
            msaa,
        );
        let light_view_proj = light_matrix(timeline, Vec3::from(look.sun_direction));
        Ok(Renderer {
            device,
            queue,
            options: *options,
            style: timeline.environment.style,
            lamps: lamps.0,
            lamp_count: lamps.1,
            adapter,
            on_cpu,
            main_pipelines: pipelines.main,
            receiver_pipelines: pipelines.receiver,
            sky_pipeline: pipelines.sky,
            shadow_pipeline: pipelines.shadow,
            restore_shadow_pipeline: pipelines.restore_shadow,
            bind_group: bindings.main,
            plate_bind_group: bindings.plate,
            shadow_bind_group: bindings.shadow,
            assets,
            lighting_constants: lighting
                .as_ref()
                .map_or(([[0.0; 4]; 9], [0.0; 4]), |l| l.constants()),
            environment: lighting.map(|l| l.name),
            buffers,
            targets,
            static_shadow_drawn: false,
            moving_shadow_drawn: None,
            plate_camera: None,
            detail: vec![0; figures.posed.len()],
            shadow_detail: vec![people::COARSER.len(); figures.posed.len()],
            figures,
            in_flight: Default::default(),
            next_slot: 0,
            draws,
            look,
            indoors: setting.indoors(),
            light_view_proj,
            errors,
            antialias_scratch: Default::default(),
            occluders,
            contact_maps: (bindings.contact_all, bindings.contact_still),
        })
        .and_then(|r| r.check().map(|_| r))
    }

    /// Uploads a frame's contact shadow maps.
    fn write_contact_maps(&self, maps: &contact::Maps) {
        let size = contact::MAP_SIZE;
        for (texture, texels) in [
            (&self.contact_maps.0, &maps.all),
            (&self.contact_maps.1, &maps.still),
        ] {
            self.queue.write_texture(
                texture.as_image_copy(),
                bytemuck::cast_slice(texels),
                wgpu::TexelCopyBufferLayout {
                    offset: 0,
                    bytes_per_row: Some(size * 8),
                    rows_per_image: Some(size),
                },
                wgpu::Extent3d {
                    width: size,
                    height: size,
                    depth_or_array_layers: 1,
                },
            );
        }
    }

    /// Fails with the first GPU error reported since the last check.
    fn check(&self) -> Result<(), RenderError> {
        let mut errors = self.errors.lock().unwrap_or_else(|p| p.into_inner());
        match errors.drain(..).next() {
            Some(e) => Err(RenderError::Gpu(e)),
            None => Ok(()),
        }
    }

    /// The device rendering: for example `llvmpipe (LLVM 15.0.6, 256 bits) (Cpu)`.
    pub fn adapter(&self) -> &str {
        &self.adapter
    }

    /// Whether the device is a CPU driver (lavapipe) rather than a GPU.
    pub fn on_cpu(&self) -> bool {
        self.on_cpu
    }

    /// The real models this renderer draws, each once: what they are, by whom, under
    /// which licence.
    pub fn assets(&self) -> &[assets::Asset] {
        &self.assets
    }

    /// The HDR panorama that lights the film (one of `assets::environments()`), if one does.
    pub fn environment(&self) -> Option<&'static str> {
        self.environment
    }

    /// Whom the film owes credit: every model it shows and the panorama that lights it.
    pub fn credits(&self) -> Vec<assets::Credit> {
        self.assets
            .iter()
            .map(assets::Asset::credit)
            .chain(self.environment.map(assets::environment_credit))
            .collect()
    }

    /// Renders frame `index` of `timeline` into `out` as tightly packed RGBA (sRGB).
    pub fn render(
        &mut self,
        timeline: &Timeline,
        index: usize,
        out: &mut Vec<u8>,
    ) -> Result<(), RenderError> {
        self.submit(timeline, index)?;
        self.receive(out).map(|_| ())
    }

    /// Starts rendering frame `index`; `receive` hands the frames back in order. At most
    /// two frames are in flight: a third submission first waits for the oldest.
    pub fn submit(&mut self, timeline: &Timeline, index: usize) -> Result<(), RenderError> {
        if self.in_flight.len() == self.targets.readbacks.len() {
            return Err(RenderError::Gpu(
                "two frames are already in flight; receive one first".into(),
            ));
        }
        let frame = &timeline.frames[index.min(timeline.frames.len() - 1)];
        let (posed, placed) = self.figures.pose(timeline, frame);
        if !posed.is_empty() {
            self.queue.write_buffer(
                &self.buffers.figure_vertices,
                0,
                bytemuck::cast_slice(posed),
            );
        }
        let instances: Vec<Instance> = self
            .draws
            .iter()
            .map(|d| {
                let model = match d.placement {
                    Placement::Static(m) => m,
                    Placement::Track { track, local } => pose_matrix(&frame.poses[track]) * local,
                    Placement::Precipitation { index, snow } => precipitation(
                        index,
                        snow,
                        frame.time as f32,
                        Vec3::from(frame.camera.target),
                    ),
                    Placement::Figure { figure, .. } => {
                        Mat4::from_translation(placed[figure].centre)
                    }
                };
                Instance {
                    model: model.to_cols_array_2d(),
                    color: d.color,
                    material: d.material,
                }
            })
            .collect();
        self.queue
            .write_buffer(&self.buffers.instances, 0, bytemuck::cast_slice(&instances));

        let (w, h) = (self.options.width, self.options.height);
        let cam = frame.camera;
        let eye = Vec3::from(cam.eye);
        let view = look_at(eye, Vec3::from(cam.target), Vec3::Y);
        let proj = perspective(cam.fov.to_radians(), w as f32 / h as f32, 0.05, 400.0);
        let view_proj = proj * view;
        self.detail = self
            .figures
            .posed
            .iter()
            .zip(&placed)
            .map(|(p, placed)| {
                // Someone out of the picture (the other side of a shot and reverse shot)
                // is not drawn; their shadow still is.
                if ScreenRect::around(placed.lo, placed.hi, view_proj, w, h).is_none() {
                    return figures::UNSEEN;
                }
                let height = p.figure.height() * p.of.scale;
                let distance = eye.distance(placed.centre) - 0.5 * height;
                figures::detail(p.triangles, height, distance, cam.fov.to_radians(), h)
            })
            .collect();
        let maps = self.occluders.maps(frame, &placed, Vec3::from(cam.target));
        self.write_contact_maps(&maps);
        let l = &self.look;
        let v4 = |v: [f32; 3], w: f32| [v[0], v[1], v[2], w];
        let globals = Globals {
            view_proj: view_proj.to_cols_array_2d(),
            light_view_proj: self.light_view_proj.to_cols_array_2d(),
            inv_view_proj: view_proj.inverse().to_cols_array_2d(),
            camera_pos: v4(cam.eye, 1.0),
            sun_dir: v4(l.sun_direction, 0.0),
            sun_color: v4(l.sun_color, 0.0),
            sky_zenith: v4(l.sky_zenith, 0.0),
            sky_horizon: v4(l.sky_horizon, 0.0),
            ground_bounce: v4(l.ground_bounce, 0.0),
            fog: v4(l.fog_color, l.fog_density),
            params: [
                l.exposure,
                1.0 / self.options.shadow_size as f32,
                if self.indoors { 1.0 } else { 0.0 },
                self.lamp_count as f32,
            ],
            lamps: self.lamps,
            irradiance: self.lighting_constants.0,
            environment: self.lighting_constants.1,
            contact: maps.region,
        };
        self.queue
            .write_buffer(&self.buffers.globals, 0, bytemuck::bytes_of(&globals));

        let mut encoder = self.device.create_command_encoder(&Default::default());
        // Each frame's shadow map is the still set's (drawn once, copied once) with what
        // moves drawn on it: where the last frame's moving casters were is restored
        // first.
        if !self.static_shadow_drawn {
            self.still_shadow_pass(&mut encoder);
            encoder.copy_texture_to_texture(
                self.targets.static_shadow.as_image_copy(),
                self.targets.shadow_texture.as_image_copy(),
                self.targets.shadow_texture.size(),
            );
            self.static_shadow_drawn = true;
        }
        let restore = self.moving_shadow_drawn.take();
        self.moving_shadow_drawn = self.moving_casters_in_shadow_map(&instances, &placed);
        self.moving_shadow_pass(&mut encoder, restore);
        // While the camera holds still, the still set is filmed once into the plate and
        // each frame draws only what moves on top of it.
        let holds = |i: usize| timeline.frames.get(i).is_some_and(|f| f.camera == cam);
        let use_plate = self.plate_camera == Some(cam) || holds(index + 1);
        if use_plate && self.plate_camera != Some(cam) {
            let color = self.targets.plate_color.create_view(&Default::default());
            let depth = self.targets.plate_depth.create_view(&Default::default());
            let mut pass = colour_pass(&mut encoder, &color, None, &depth, false);
            pass.set_bind_group(0, &self.plate_bind_group, &[]);
            self.draw(&mut pass, Some(&self.main_pipelines), Parts::Still);
            pass.set_pipeline(&self.sky_pipeline);
            pass.draw(0..3, 0..1);
            drop(pass);
            self.plate_camera = Some(cam);
        }
        if use_plate {
            encoder.copy_texture_to_texture(
                self.targets.plate_color.as_image_copy(),
                self.targets.color_texture.as_image_copy(),
                self.targets.color_texture.size(),
            );
            encoder.copy_texture_to_texture(
                self.targets.plate_depth.as_image_copy(),
                self.targets.depth_texture.as_image_copy(),
                self.targets.depth_texture.size(),
            );
        }
        {
            let resolve_target = self.targets.resolve.as_ref().map(|(_, view)| view);
            let mut pass = colour_pass(
                &mut encoder,
                &self.targets.color_view,
                resolve_target,
                &self.targets.depth_view,
                use_plate,
            );
            pass.set_bind_group(0, &self.bind_group, &[]);
            if use_plate {
                self.draw(&mut pass, Some(&self.main_pipelines), Parts::Moving);
                for rect in self.moving_shadow_rects(&instances, &placed, &maps.moving, view_proj) {
                    pass.set_scissor_rect(rect.x0, rect.y0, rect.x1 - rect.x0, rect.y1 - rect.y0);
                    self.draw(
                        &mut pass,
                        Some(&self.receiver_pipelines),
                        Parts::StillIn(rect, view_proj),
                    );
                }
            } else {
                self.draw(&mut pass, Some(&self.main_pipelines), Parts::All);
                // The sky last, at the far plane: shaded only where nothing covers it.
                pass.set_pipeline(&self.sky_pipeline);
                pass.draw(0..3, 0..1);
            }
        }
        let source = self
            .targets
            .resolve
            .as_ref()
            .map_or(&self.targets.color_texture, |(t, _)| t);
        encoder.copy_texture_to_buffer(
            source.as_image_copy(),
            wgpu::TexelCopyBufferInfo {
                buffer: &self.targets.readbacks[self.next_slot],
                layout: wgpu::TexelCopyBufferLayout {
                    offset: 0,
                    bytes_per_row: Some(self.targets.padded_row),
                    rows_per_image: Some(h),
                },
            },
            wgpu::Extent3d {
                width: w,
                height: h,
                depth_or_array_layers: 1,
            },
        );
        let submission = self.queue.submit([encoder.finish()]);
        self.in_flight.push_back((self.next_slot, submission));
        self.next_slot = (self.next_slot + 1) % self.targets.readbacks.len();
        self.check()
    }

    /// Waits for the oldest frame in flight and copies it into `out` as tightly packed
    /// RGBA (sRGB). Returns false when no frame is in flight.
    pub fn receive(&mut self, out: &mut Vec<u8>) -> Result<bool, RenderError> {
        let Some((slot, submission)) = self.in_flight.pop_front() else {
            return Ok(false);
        };
        let (w, h) = (self.options.width, self.options.height);
        let buffer = &self.targets.readbacks[slot];
        let slice = buffer.slice(..);
        let (sender, receiver) = std::sync::mpsc::channel();
        slice.map_async(wgpu::MapMode::Read, move |r| {
            let _ = sender.send(r);
        });
        self.device
            .poll(wgpu::PollType::Wait {
                submission_index: Some(submission),
                timeout: None,
            })
            .map_err(|e| RenderError::Gpu(e.to_string()))?;
        receiver
            .recv()
            .map_err(|e| RenderError::Gpu(e.to_string()))?
            .map_err(|e| RenderError::Gpu(e.to_string()))?;
        {
            let data = slice
                .get_mapped_range()
                .map_err(|e| RenderError::Gpu(e.to_string()))?;
            out.clear();
            out.reserve((w * h * 4) as usize);
            for row in data
                .chunks(self.targets.padded_row as usize)
                .take(h as usize)
            {
                out.extend_from_slice(&row[..(w * 4) as usize]);
            }
        }
        buffer.unmap();
        if self.options.antialias == Antialias::Edges {
            antialias::apply(out, w, h, &mut self.antialias_scratch);
        }
        style::apply(self.style, out, w, h);
        self.check().map(|_| true)
    }

    /// Draws the still set's shadow map from the sun.
    fn still_shadow_pass(&self, encoder: &mut wgpu::CommandEncoder) {
        let view = &self.targets.static_shadow_view;
        let mut pass = shadow_pass(encoder, view, wgpu::LoadOp::Clear(1.0));
        pass.set_pipeline(&self.shadow_pipeline);
        pass.set_bind_group(0, &self.shadow_bind_group, &[]);
        self.draw(&mut pass, None, Parts::Still);
    }

    /// Draws the moving casters into this frame's shadow map, after restoring the still
    /// set's shadows in `restore` (where the last frame's moving casters were).
    fn moving_shadow_pass(&self, encoder: &mut wgpu::CommandEncoder, restore: Option<ScreenRect>) {
        let mut pass = shadow_pass(encoder, &self.targets.shadow_view, wgpu::LoadOp::Load);
        if let Some(r) = restore {
            // The plate's bindings hold the still set's map and not this one.
            pass.set_pipeline(&self.restore_shadow_pipeline);
            pass.set_bind_group(0, &self.plate_bind_group, &[]);
            pass.set_scissor_rect(r.x0, r.y0, r.x1 - r.x0, r.y1 - r.y0);
            pass.draw(0..3, 0..1);
            let size = self.options.shadow_size;
            pass.set_scissor_rect(0, 0, size, size);
        }
        pass.set_pipeline(&self.shadow_pipeline);
        pass.set_bind_group(0, &self.shadow_bind_group, &[]);
        self.draw(&mut pass, None, Parts::Moving);
    }

    /// The texels of the shadow map the moving casters cover this frame (with a margin
    /// for the rasterizer's rounding); None when nothing moving casts a shadow.
    fn moving_casters_in_shadow_map(
        &self,
        instances: &[Instance],
        figures: &[figures::Placed],
    ) -> Option<ScreenRect> {
        let size = self.options.shadow_size;
        let boxes = self
            .draws
            .iter()
            .zip(instances)
            .filter(|(d, _)| !d.still && d.casts_shadow)
            .map(|(d, instance)| match d.placement {
                Placement::Figure { figure, .. } => (figures[figure].lo, figures[figure].hi),
                _ => world_box(d.extent, Mat4::from_cols_array_2d(&instance.model)),
            });
        let mut covered: Option<ScreenRect> = None;
        for (lo, hi) in boxes {
            let rect = match ScreenRect::around(lo, hi, self.light_view_proj, size, size) {
                Some(Seen::Within(rect)) => rect.grown(2, size, size),
                Some(Seen::Everywhere) => return Some(ScreenRect::full(size, size)),
                None => continue,
            };
            covered = Some(covered.map_or(rect, |c| c.union(&rect)));
        }
        covered
    }

    /// Draws the chosen parts: with the pipeline already set (shadow casters), or pattern
    /// by pattern with `pipelines`.
    fn draw(
        &self,
        pass: &mut wgpu::RenderPass<'_>,
        pipelines: Option<&[(Variant, wgpu::RenderPipeline)]>,
        which: Parts,
    ) {
        let mut on_figures = false;
        let mut pictured = false;
        pass.set_vertex_buffer(0, self.buffers.vertices.slice(..));
        pass.set_vertex_buffer(1, self.buffers.instances.slice(..));
        // Figures' pieces read their vertices from the figures' buffer, and their rest
        // pose from the third; pictured models read their texture coordinates there.
        let mut bind = |pass: &mut wgpu::RenderPass<'_>, d: &Draw| {
            let figure = matches!(d.placement, Placement::Figure { .. });
            if figure != on_figures {
                let buffer = if figure {
                    pass.set_vertex_buffer(2, self.buffers.figure_rest.slice(..));
                    pictured = false;
                    &self.buffers.figure_vertices
                } else {
                    &self.buffers.vertices
                };
                pass.set_vertex_buffer(0, buffer.slice(..));
                on_figures = figure;
            }
            if d.pattern.pictured() && !pictured {
                pass.set_vertex_buffer(2, self.buffers.uvs.slice(..));
                pictured = true;
            }
        };
        pass.set_index_buffer(self.buffers.indices.slice(..), wgpu::IndexFormat::Uint32);
        let chosen = |d: &Draw| match which {
            Parts::All => true,
            Parts::Still => d.still,
            Parts::Moving => !d.still,
            Parts::StillIn(rect, view_proj) => d.still && self.may_show_in(d, &rect, view_proj),
        };
        let Some(pipelines) = pipelines else {
            // The ground (the first draw) receives shadows but casts none worth drawing.
            for (i, d) in self
                .draws
                .iter()
                .enumerate()
                .skip(1)
                .filter(|(_, d)| chosen(d) && d.casts_shadow)
            {
                bind(pass, d);
                draw_one(pass, i, d, &self.shadow_detail);
            }
            return;
        };
        // Small moving parts first, the big set pieces last, so the depth test spares
        // the ground's fragments behind them.
        for (variant, pipeline) in pipelines {
            pass.set_pipeline(pipeline);
            for (i, d) in self
                .draws
                .iter()
                .enumerate()
                .rev()
                .filter(|(_, d)| Variant::of(d) == *variant && chosen(d))
            {
                bind(pass, d);
                draw_one(pass, i, d, &self.detail);
            }
        }
    }

    /// Screen rectangles that together hold every moving part, the shadow it casts on the
    /// ground and its thing's contact shadow (`contact`): one per part, merged where they
    /// overlap or lie close, at most
    /// `screen::MAX_RECEIVER_RECTS`. Empty when nothing moves in view.
    fn moving_shadow_rects(
        &self,
        instances: &[Instance],
        figures: &[figures::Placed],
        contact: &[(Vec3, Vec3)],
        view_proj: Mat4,
    ) -> Vec<ScreenRect> {
        let (w, h) = (self.options.width, self.options.height);
        let sun = Vec3::from(self.look.sun_direction);
        let moving = self.draws.iter().any(|d| !d.still && d.casts_shadow);
        if moving && sun.y <= 0.05 {
            // A low sun throws shadows anywhere.
            return vec![ScreenRect::full(w, h)];
        }
        // A box and its shadow on the ground, as a box.
        let with_shadow = |lo: Vec3, hi: Vec3, reach: f32| {
            let down = |p: Vec3| p - sun * (p.y.max(0.0) / sun.y);
            let reach = Vec3::splat(reach / sun.y.max(0.2));
            (
                lo.min(down(lo)).min(down(hi)) - reach,
                hi.max(down(lo)).max(down(hi)) + reach,
            )
        };
        // Every moving part but a figure's, round its centre; each figure once, by the box
        // round its posed surface.
        let parts = self
            .draws
            .iter()
            .zip(instances)
            .filter(|(d, _)| {
                !d.still && d.casts_shadow && !matches!(d.placement, Placement::Figure { .. })
            })
            .map(|(d, instance)| {
                let centre = Mat4::from_cols_array_2d(&instance.model).w_axis.truncate();
                with_shadow(centre, centre, d.radius)
            });
        // A person's shadow falls on the ground and on the still things round them, so no
        // higher than the tallest of those (what is above is their own body, drawn anyway).
        let still_boxes: Vec<(Vec3, Vec3)> = self
            .draws
            .iter()
            .zip(instances)
            .skip(1)
            .filter(|(d, _)| d.still)
            .map(|(d, i)| world_box(d.extent, Mat4::from_cols_array_2d(&i.model)))
            .collect();
        let people = figures.iter().map(|f| {
            let (lo, mut hi) = with_shadow(f.lo, f.hi, 0.05);
            let top = still_boxes
                .iter()
                .filter(|(a, b)| a.x < hi.x && b.x > lo.x && a.z < hi.z && b.z > lo.z)
                .map(|(_, b)| b.y)
                .fold(0.0, f32::max);
            hi.y = hi.y.min(top + 0.05);
            (lo, hi)
        });
        let mut rects = Vec::new();
        for (lo, hi) in parts.chain(people).chain(contact.iter().copied()) {
            match ScreenRect::around(lo, hi, view_proj, w, h) {
                Some(Seen::Within(rect)) => rects.push(rect),
                Some(Seen::Everywhere) => return vec![ScreenRect::full(w, h)],
                None => {}
            }
        }
        ScreenRect::merge(rects)
    }

    /// Whether still part `d` may show inside `rect`.
    fn may_show_in(&self, d: &Draw, rect: &ScreenRect, view_proj: Mat4) -> bool {
        let Placement::Static(model) = d.placement else {
            return true;
        };
        let centre = model.w_axis.truncate();
        let (w, h) = (self.options.width, self.options.height);
        let r = Vec3::splat(d.radius);
        match ScreenRect::around(centre - r, centre + r, view_proj, w, h) {
            Some(Seen::Within(seen)) => seen.overlaps(rect),
            Some(Seen::Everywhere) => true,
            None => false,
        }
    }
}

/// Which parts a pass draws.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Parts {
    /// Everything.
    All,
    /// What never moves: the set and fixed props.
    Still,
    /// What moves.
    Moving,
    /// What never moves and may show inside a screen rectangle, seen through `view_proj`.
    StillIn(ScreenRect, Mat4),
}

/// A draw for every piece of every figure, its triangles added to `indices`.
/// Draws instance `i` of draw `d`: a figure's piece at level of detail `detail` (0 the
/// finest, then its coarser versions in order; none when it is `figures::UNSEEN`).
fn draw_one(pass: &mut wgpu::RenderPass<'_>, i: usize, d: &Draw, detail: &[usize]) {
    let (first, count) = match d.placement {
        Placement::Figure { figure, coarser } => match detail.get(figure) {
            Some(&figures::UNSEEN) => return,
            Some(&level) if level > 0 => coarser[(level - 1).min(coarser.len() - 1)],
            _ => (d.first_index, d.index_count),
        },
        _ => (d.first_index, d.index_count),
    };
    let i = i as u32;
    pass.draw_indexed(first..first + count, d.base_vertex, i..i + 1);
}

/// A pass drawing the sun's shadow map `view`, starting from `load`.
fn shadow_pass<'e>(
    encoder: &'e mut wgpu::CommandEncoder,
    view: &wgpu::TextureView,
    load: wgpu::LoadOp<f32>,
) -> wgpu::RenderPass<'e> {
    encoder.begin_render_pass(&wgpu::RenderPassDescriptor {
        label: Some("shadow"),
        color_attachments: &[],
        depth_stencil_attachment: Some(wgpu::RenderPassDepthStencilAttachment {
            view,
            depth_ops: Some(wgpu::Operations {
                load,
                store: wgpu::StoreOp::Store,
            }),
            stencil_ops: None,
        }),
        ..Default::default()
    })
}

/// A colour pass into `color` (resolved into `resolve` when multisampled) with `depth`;
/// it clears both, or loads them when `keep` is set.
fn colour_pass<'e>(
    encoder: &'e mut wgpu::CommandEncoder,
    color: &wgpu::TextureView,
    resolve: Option<&wgpu::TextureView>,
    depth: &wgpu::TextureView,
    keep: bool,
) -> wgpu::RenderPass<'e> {
    let (color_load, depth_load) = if keep {
        (wgpu::LoadOp::Load, wgpu::LoadOp::Load)
    } else {
        (
            wgpu::LoadOp::Clear(wgpu::Color::BLACK),
            wgpu::LoadOp::Clear(1.0),
        )
    };
    encoder.begin_render_pass(&wgpu::RenderPassDescriptor {
        label: Some("colour"),
        color_attachments: &[Some(wgpu::RenderPassColorAttachment {
            view: color,
            depth_slice: None,
            resolve_target: resolve,
            ops: wgpu::Operations {
                load: color_load,
                store: wgpu::StoreOp::Store,
            },
        })],
        depth_stencil_attachment: Some(wgpu::RenderPassDepthStencilAttachment {
            view: depth,
            depth_ops: Some(wgpu::Operations {
                load: depth_load,
                store: wgpu::StoreOp::Store,
            }),
            stencil_ops: None,
        }),
        ..Default::default()
    })
}

/// The sun's view: an orthographic box around everything that appears in the film.
fn light_matrix(timeline: &Timeline, sun: Vec3) -> Mat4 {
    let (mut min, mut max) = (Vec3::splat(f32::MAX), Vec3::splat(f32::MIN));
    for frame in timeline.frames.iter().step_by(4) {
        for (track, pose) in timeline.tracks.iter().zip(&frame.poses) {
            for part in &track.parts {
                let r = part.shape.bounding_radius();
                let c = Vec3::from(pose.apply(part.offset));
                min = min.min(c - Vec3::splat(r));
                max = max.max(c + Vec3::splat(r));
            }
        }
        let target = Vec3::from(frame.camera.target);
        min = min.min(target - Vec3::splat(2.0));
        max = max.max(target + Vec3::splat(2.0));
    }
    let centre = (min + max) * 0.5;
    let radius = ((max - min).length() * 0.5).clamp(1.0, 40.0) + 0.5;
    let up = if sun.y.abs() > 0.99 { Vec3::Z } else { Vec3::Y };
    let view = look_at(centre + sun * radius * 2.0, centre, up);
    orthographic(-radius, radius, -radius, radius, 0.05, radius * 4.0) * view
}

#[cfg(test)]
mod tests {
    use super::*;

    fn camera() -> Mat4 {
        let view = look_at(Vec3::new(0.0, 1.2, 1.0), Vec3::new(0.0, 1.2, 0.0), Vec3::Y);
        perspective(40f32.to_radians(), 16.0 / 9.0, 0.05, 400.0) * view
    }

    #[test]
    fn a_box_reaching_behind_the_camera_covers_only_what_is_seen_of_it() {
        // The ground under and behind a person filmed close: it reaches past the camera,
        // but only the bottom of the picture shows it.
        let lo = Vec3::new(-0.5, -0.1, -1.0);
        let hi = Vec3::new(0.5, 0.6, 2.0);
        match ScreenRect::around(lo, hi, camera(), 1280, 720) {
            Some(Seen::Within(r)) => {
                assert!(r.y0 > 400, "{:?}", (r.x0, r.y0, r.x1, r.y1));
                assert_eq!(r.y1, 720);
            }
            _ => panic!("the box is partly in view"),
        }
        // Wholly behind the camera: not seen at all.
        let behind = ScreenRect::around(
            Vec3::new(-0.5, 0.0, 1.5),
            Vec3::new(0.5, 2.0, 3.0),
            camera(),
            1280,
            720,
        );
        assert!(behind.is_none());
        // Round the camera: everywhere.
        let round = ScreenRect::around(Vec3::splat(-5.0), Vec3::splat(5.0), camera(), 1280, 720);
        assert!(matches!(round, Some(Seen::Everywhere)));
    }

    #[test]
    fn people_far_away_are_drawn_coarser() {
        let fov = 40f32.to_radians();
        let at = |distance: f32| figures::detail(45_000, 1.75, distance, fov, 720);
        assert_eq!(at(0.5), 0, "a close-up is drawn in full");
        assert!(at(3.0) >= 1);
        assert_eq!(
            at(30.0),
            people::COARSER.len(),
            "a distant figure is the coarsest"
        );
        let levels: Vec<usize> = (1..40).map(|d| at(d as f32 * 0.5)).collect();
        assert!(levels.windows(2).all(|w| w[0] <= w[1]), "{levels:?}");
    }
}
