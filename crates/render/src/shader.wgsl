// Diorama's forward renderer: a sun with filtered shadows, sky and ground ambient,
// physically inspired specular, procedural surface patterns, fog and filmic tone mapping.

// The surface pattern this pipeline draws: a pipeline per pattern, so the CPU rasterizer,
// which runs every branch of a SIMD switch, pays only for the pattern it draws.
override PATTERN: u32 = 0u;
// Whether this pipeline's surfaces reflect the panorama pixel by pixel where they are
// smoother than GLOSSY_BELOW: rough-only pipelines leave it out, since the CPU
// rasterizer samples it for a whole block when any pixel of it might.
override GLOSSY: bool = true;
override GLOSSY_BELOW: f32 = 0.6;

struct Globals {
    view_proj: mat4x4<f32>,
    light_view_proj: mat4x4<f32>,
    inv_view_proj: mat4x4<f32>,
    camera_pos: vec4<f32>,
    sun_dir: vec4<f32>,
    sun_color: vec4<f32>,
    sky_zenith: vec4<f32>,
    sky_horizon: vec4<f32>,
    ground_bounce: vec4<f32>,
    fog: vec4<f32>,
    // x: exposure, y: shadow texel size, z: 1 indoors, w: number of lamps
    params: vec4<f32>,
    // Lamp positions in 0..4, their colours (times intensity) in 4..8.
    lamps: array<vec4<f32>, 8>,
    // The panorama's irradiance over π: nine spherical-harmonic coefficients, scaled.
    irradiance: array<vec4<f32>, 9>,
    // x: the panorama's scale, y: its sky's scale, z: the height (sine of the elevation)
    // its sky shows from (2: never), w: 1 when there is a panorama.
    environment: vec4<f32>,
    // The contact shadows' map: the world's x and z at its corner, and one over its side
    // in metres, twice.
    contact: vec4<f32>,
};

@group(0) @binding(0) var<uniform> g: Globals;
@group(0) @binding(1) var shadow_map: texture_depth_2d;
@group(0) @binding(2) var shadow_sampler: sampler_comparison;
// Shadows of the static set alone: what the cached background was lit with.
@group(0) @binding(3) var static_shadow_map: texture_depth_2d;
// The models' pictures, a layer each, and how they are sampled (repeating, mip-mapped).
@group(0) @binding(4) var pictures: texture_2d_array<f32>;
@group(0) @binding(5) var picture_sampler: sampler;
// The HDR panorama lighting the scene, blurrier at each mip level.
@group(0) @binding(6) var panorama: texture_2d<f32>;
@group(0) @binding(7) var panorama_sampler: sampler;
// Contact shadows seen from above: how open the floor is to the sky, how open a raised
// surface (a table top) is, that surface's height, and how much the moving things change
// these. This pass's: the cached background sees the still things alone.
@group(0) @binding(8) var contact_map: texture_2d<f32>;
@group(0) @binding(9) var contact_sampler: sampler;

struct Instance {
    @location(2) m0: vec4<f32>,
    @location(3) m1: vec4<f32>,
    @location(4) m2: vec4<f32>,
    @location(5) m3: vec4<f32>,
    // rgb: linear albedo, a: roughness
    @location(6) color: vec4<f32>,
    // x: metalness, y: unused, z: unused, w: unused
    @location(7) material: vec4<f32>,
};

struct VsOut {
    @builtin(position) clip: vec4<f32>,
    @location(0) world: vec3<f32>,
    @location(1) normal: vec3<f32>,
    @location(2) local: vec3<f32>,
    @location(3) color: vec4<f32>,
    @location(4) material: vec4<f32>,
    // A person's rest-pose normal (patterns are laid out on the rest pose); for a
    // model's picture, where it is sampled (in x and y).
    @location(5) rest_normal: vec3<f32>,
    // The light from all round (over π) the surface takes, and what a rough surface of
    // it reflects: low in frequency, so reckoned at the vertices.
    @location(6) ambient: vec3<f32>,
    @location(7) glint: vec3<f32>,
};

@vertex
fn vs_main(@location(0) position: vec3<f32>, @location(1) normal: vec3<f32>, inst: Instance) -> VsOut {
    return place(position, normal, inst);
}

// A vertex placed in the world by its instance's matrix.
fn place(position: vec3<f32>, normal: vec3<f32>, inst: Instance) -> VsOut {
    let model = mat4x4<f32>(inst.m0, inst.m1, inst.m2, inst.m3);
    let world = model * vec4<f32>(position, 1.0);
    var out: VsOut;
    out.clip = g.view_proj * world;
    out.world = world.xyz;
    out.normal = normalize((model * vec4<f32>(normal, 0.0)).xyz);
    out.local = position;
    out.color = inst.color;
    out.material = inst.material;
    out.rest_normal = normal;
    let n = out.normal;
    let r = reflect(normalize(out.world - g.camera_pos.xyz), n);
    if (g.environment.w > 0.5) {
        out.ambient = irradiance(n);
        out.glint = irradiance(r);
    } else {
        // Sky from above, bounce from below, and a dim reflection of the sky.
        out.ambient = mix(g.ground_bounce.rgb, g.sky_zenith.rgb * 0.6 + g.sky_horizon.rgb * 0.4, n.y * 0.5 + 0.5);
        out.glint = mix(g.ground_bounce.rgb, mix(g.sky_horizon.rgb, g.sky_zenith.rgb, clamp(r.y, 0.0, 1.0)), smoothstep(-0.1, 0.1, r.y));
    }
    return out;
}

// A model's vertex, with where its picture is sampled (pictures are stored top row
// first; texture coordinates count from the bottom).
@vertex
fn vs_textured(
    @location(0) position: vec3<f32>,
    @location(1) normal: vec3<f32>,
    inst: Instance,
    @location(10) uv: vec2<f32>,
) -> VsOut {
    var out = place(position, normal, inst);
    out.rest_normal = vec3<f32>(uv.x, 1.0 - uv.y, 0.0);
    return out;
}

// A person: posed vertices, with where each sits on the body at rest, which is where its
// patterns are painted, so they move with the cloth.
@vertex
fn vs_figure(
    @location(0) position: vec3<f32>,
    @location(1) normal: vec3<f32>,
    inst: Instance,
    @location(8) rest: vec3<f32>,
    @location(9) rest_normal: vec3<f32>,
) -> VsOut {
    var out = place(position, normal, inst);
    out.local = rest;
    out.rest_normal = rest_normal;
    return out;
}

@vertex
fn vs_shadow(@location(0) position: vec3<f32>, inst: Instance) -> @builtin(position) vec4<f32> {
    let model = mat4x4<f32>(inst.m0, inst.m1, inst.m2, inst.m3);
    return g.light_view_proj * model * vec4<f32>(position, 1.0);
}

fn hash2(p: vec2<f32>) -> f32 {
    let q = fract(p * vec2<f32>(123.34, 456.21));
    let r = q + dot(q, q + 45.32);
    return fract(r.x * r.y);
}

fn noise2(p: vec2<f32>) -> f32 {
    let i = floor(p);
    let f = fract(p);
    let u = f * f * (3.0 - 2.0 * f);
    let a = hash2(i);
    let b = hash2(i + vec2<f32>(1.0, 0.0));
    let c = hash2(i + vec2<f32>(0.0, 1.0));
    let d = hash2(i + vec2<f32>(1.0, 1.0));
    return mix(mix(a, b, u.x), mix(c, d, u.x), u.y);
}

fn fbm(p: vec2<f32>) -> f32 {
    var v = 0.0;
    var a = 0.5;
    var q = p;
    for (var i = 0; i < 4; i = i + 1) {
        v = v + a * noise2(q);
        q = q * 2.03;
        a = a * 0.5;
    }
    return v;
}

// 1 on a line of half-width w at distance d from its centre, antialiased over `aa`.
fn line_aa(d: f32, w: f32, aa: f32) -> f32 {
    return 1.0 - smoothstep(w - aa, w + aa, abs(d));
}

// The same, measuring the antialiasing width from d itself.
fn line(d: f32, w: f32) -> f32 {
    return line_aa(d, w, max(fwidth(d), 1e-4));
}

fn planks(p: vec2<f32>, base: vec3<f32>, width: f32, aa: f32) -> vec3<f32> {
    let row = floor(p.y / width);
    let offset = hash2(vec2<f32>(row, 3.0)) * 4.0;
    let board = floor((p.x + offset) / 2.4);
    let tone = 0.82 + 0.3 * hash2(vec2<f32>(row, board));
    let grain = 0.94 + 0.06 * sin(p.y * 180.0 + sin(p.x * 3.0 + row) * 2.0);
    let fy = fract(p.y / width) * width;
    let fx = fract((p.x + offset) / 2.4) * 2.4;
    let seam = max(line_aa(min(fy, width - fy), 0.003, aa), line_aa(min(fx, 2.4 - fx), 0.003, aa));
    return base * tone * grain * (1.0 - 0.45 * seam);
}

// Where on a garment a point is, as flat coordinates: across and up the front or back,
// along and up the sides, or across the top, by which way the rest pose faces there.
fn cloth_uv(p: vec3<f32>, n: vec3<f32>) -> vec2<f32> {
    let a = abs(n);
    if (a.x >= a.z && a.x >= a.y) {
        return vec2<f32>(p.z, p.y);
    }
    if (a.z >= a.y) {
        return vec2<f32>(p.x, p.y);
    }
    return vec2<f32>(p.x, p.z);
}

// A colour that stands out on `base`: near-white on dark cloth, dark navy on light.
fn contrast(base: vec3<f32>) -> vec3<f32> {
    let luma = dot(base, vec3<f32>(0.2126, 0.7152, 0.0722));
    return select(vec3<f32>(0.85, 0.85, 0.82), vec3<f32>(0.015, 0.02, 0.05), luma > 0.3);
}

// 1 inside bands of width `share` of each `period`, antialiased.
fn bands(x: f32, period: f32, share: f32) -> f32 {
    let f = fract(x / period);
    let aa = max(fwidth(x) / period, 1e-4);
    return smoothstep(0.0, aa, f) * (1.0 - smoothstep(share - aa, share, f));
}

// Segments lit for each digit, a to g (top, upper right, lower right, bottom, lower left,
// upper left, middle), as on a seven-segment display.
fn digit_segments(d: u32) -> u32 {
    switch d {
        case 0u: { return 0x3Fu; }
        case 1u: { return 0x06u; }
        case 2u: { return 0x5Bu; }
        case 3u: { return 0x4Fu; }
        case 4u: { return 0x66u; }
        case 5u: { return 0x6Du; }
        case 6u: { return 0x7Du; }
        case 7u: { return 0x07u; }
        case 8u: { return 0x7Fu; }
        default: { return 0x6Fu; }
    }
}

// How far outside a box of half-size `half` round `centre` the point `p` is.
fn box_distance(p: vec2<f32>, centre: vec2<f32>, half: vec2<f32>) -> f32 {
    let d = abs(p - centre) - half;
    return length(max(d, vec2<f32>(0.0))) + min(max(d.x, d.y), 0.0);
}

// Distance to digit `d` drawn in a box 1 wide and 2 high round the origin.
fn digit_distance(p: vec2<f32>, d: u32) -> f32 {
    let bits = digit_segments(d);
    let t = 0.13;
    var best = 1e3;
    let across = vec2<f32>(0.36, t);
    let down = vec2<f32>(t, 0.46);
    let centres = array<vec2<f32>, 7>(
        vec2<f32>(0.0, 0.87), vec2<f32>(0.37, 0.44), vec2<f32>(0.37, -0.44), vec2<f32>(0.0, -0.87),
        vec2<f32>(-0.37, -0.44), vec2<f32>(-0.37, 0.44), vec2<f32>(0.0, 0.0));
    for (var i = 0u; i < 7u; i = i + 1u) {
        if ((bits & (1u << i)) != 0u) {
            let half = select(down, across, i == 0u || i == 3u || i == 6u);
            best = min(best, box_distance(p, centres[i], half));
        }
    }
    return best;
}

// How much of a point on a top is the number printed on its chest and back.
fn jersey_number(p: vec3<f32>, n: vec3<f32>, number: u32, chest: f32, scale: f32) -> f32 {
    if (abs(n.x) < 0.35) {
        return 0.0;
    }
    // Seen from the front, the body's left (+z) is on the right; from behind, the reverse.
    let across = select(p.z, -p.z, n.x > 0.0);
    let h = 0.065 * scale;
    let middle = chest + select(0.02 * scale, 0.0, n.x > 0.0);
    var q = vec2<f32>(across, p.y - middle) / h;
    var d = 1e3;
    if (number >= 10u) {
        d = min(digit_distance(q + vec2<f32>(0.65, 0.0), number / 10u), digit_distance(q - vec2<f32>(0.65, 0.0), number % 10u));
    } else {
        d = digit_distance(q, number);
    }
    let aa = max(fwidth(q.y), 1e-3);
    return 1.0 - smoothstep(-aa, aa, d);
}

// Surface colour with the part's pattern applied.
fn albedo(in: VsOut) -> vec3<f32> {
    let base = in.color.rgb;
    let w = in.world;
    let l = in.local;
    // One pixel's footprint on the ground, for antialiasing world-space lines.
    let aa = max(length(fwidth(w.xz)) * 0.7, 1e-4);
    switch PATTERN {
        case 1u: { return planks(w.xz, base, 0.14, aa); }
        case 2u: {
            var c = planks(w.xz, base, 0.12, aa);
            // Court markings: the hoop stands at the origin facing +x.
            let paint = vec3<f32>(0.8, 0.8, 0.78);
            var m = 0.0;
            m = max(m, line_aa(w.x + 1.2, 0.025, aa) * step(abs(w.z), 7.5));                    // baseline
            m = max(m, line_aa(abs(w.z) - 2.45, 0.025, aa) * step(w.x, 4.6) * step(-1.2, w.x));  // lane sides
            m = max(m, line_aa(w.x - 4.6, 0.025, aa) * step(abs(w.z), 2.45));                    // free-throw line
            m = max(m, line_aa(length(w.xz - vec2<f32>(4.6, 0.0)) - 1.8, 0.025, aa) * step(4.6, w.x)); // circle
            let arc = length(w.xz - vec2<f32>(0.38, 0.0)) - 6.75;
            m = max(m, line_aa(arc, 0.025, aa) * step(0.38, w.x));                              // three-point arc
            m = max(m, line_aa(abs(w.z) - 6.75, 0.025, aa) * step(w.x, 0.38) * step(-1.2, w.x));
            let key = step(abs(w.z), 2.45) * step(w.x, 4.6) * step(-1.2, w.x);
            c = mix(c, c * vec3<f32>(0.55, 0.25, 0.2) * 1.6, key * 0.55);
            return mix(c, paint, m);
        }
        case 3u: {
            let n = fbm(w.xz * 1.7);
            let blades = noise2(w.xz * 60.0);
            return base * (0.7 + 0.45 * n) * (0.85 + 0.25 * blades);
        }
        case 4u: {
            let n = fbm(w.xz * 6.0);
            var c = base * (0.8 + 0.35 * n);
            let dash = step(fract(w.x / 6.0), 0.5);
            c = mix(c, vec3<f32>(0.85, 0.7, 0.2), line(w.z, 0.06) * dash);
            return c;
        }
        case 5u: { return base * (0.93 + 0.07 * fbm(w.xz * 3.0)); }
        case 6u: { return base * (0.85 + 0.2 * fbm(w.xz * 4.0)) * (0.95 + 0.05 * noise2(w.xz * 80.0)); }
        case 7u: { return base * (0.9 + 0.1 * noise2(w.xz * 90.0)); }
        case 8u: {
            let n = normalize(l);
            let seams = max(max(line(n.x, 0.022), line(n.y, 0.022)), line(abs(n.z) - (0.72 - 0.45 * n.x * n.x), 0.022));
            return mix(base * (0.9 + 0.1 * noise2(n.xy * 200.0)), vec3<f32>(0.02), seams);
        }
        case 9u: {
            let n = normalize(l);
            // Dark pentagons at the twelve icosahedron vertices.
            let phi = 1.618034;
            var d = 0.0;
            let verts = array<vec3<f32>, 6>(
                vec3<f32>(0.0, 1.0, phi), vec3<f32>(0.0, -1.0, phi), vec3<f32>(1.0, phi, 0.0),
                vec3<f32>(-1.0, phi, 0.0), vec3<f32>(phi, 0.0, 1.0), vec3<f32>(-phi, 0.0, 1.0));
            for (var i = 0; i < 6; i = i + 1) {
                d = max(d, abs(dot(n, normalize(verts[i]))));
            }
            return mix(base, vec3<f32>(0.03), smoothstep(0.9, 0.915, d));
        }
        case 10u: {
            let n = normalize(l);
            let spot = 1.0 - smoothstep(0.18, 0.2, length(n.xz - vec2<f32>(0.0, 0.93)));
            return mix(base, vec3<f32>(0.95), spot);
        }
        case 11u: {
            let a = abs(l);
            let m = max(max(a.x, a.y), a.z);
            let edge = step(vec3<f32>(m * 0.86), a);
            let frame = step(1.5, edge.x + edge.y + edge.z);
            let slat = line(fract((l.y + l.x * 0.0) / (m * 0.5)) - 0.5, 0.03);
            let c = base * (0.85 + 0.2 * noise2(vec2<f32>(l.x + l.z, l.y) * vec2<f32>(3.0, 40.0)));
            return c * (1.0 - 0.35 * slat) * (1.0 - 0.25 * frame);
        }
        case 12u: {
            var c = planks(vec2<f32>(w.x, w.z), base, 0.042, aa);
            let arrow = step(abs(w.x - 4.5 - abs(w.z) * 1.5), 0.06) * step(abs(w.z), 0.45) * step(0.12, fract(w.z * 4.0 + 0.5));
            return mix(c, vec3<f32>(0.05, 0.05, 0.07), arrow * 0.8);
        }
        case 13u: {
            let n = fbm(w.xz * 0.9) * 0.6 + fbm(w.xz * 7.0) * 0.4;
            let crater = smoothstep(0.62, 0.7, noise2(w.xz * 0.35));
            return base * (0.7 + 0.5 * n) * (1.0 - 0.2 * crater);
        }
        case 14u: {
            // Two pips on each face of a domino (local x is its thin axis).
            let q = vec2<f32>(l.z, l.y);
            let half_h = 0.05;
            let split = line(q.y, 0.002) * step(abs(l.x), 0.999);
            var pips = 0.0;
            for (var i = -1; i <= 1; i = i + 2) {
                pips = max(pips, 1.0 - smoothstep(0.004, 0.006, length(q - vec2<f32>(0.0, f32(i) * half_h * 0.5))));
            }
            return mix(base, vec3<f32>(0.02), max(pips, split));
        }
        case 15u: {
            // Bricks in staggered courses along the wall, each its own shade, in mortar.
            let u = w.x + w.z;
            let row = floor(w.y / 0.075);
            let cu = (u + 0.11 * (row - 2.0 * floor(row * 0.5))) / 0.22;
            let tone = 0.8 + 0.35 * hash2(vec2<f32>(floor(cu), row));
            let mortar = max(step(0.46, abs(fract(cu) - 0.5)), step(fract(w.y / 0.075), 0.13));
            let c = base * tone * (0.9 + 0.1 * noise2(vec2<f32>(u, w.y) * 40.0));
            return mix(c, vec3<f32>(0.62, 0.6, 0.56), mortar);
        }
        case 16u: {
            // Water: long swells and small ripples; the sky's reflection does the rest.
            let swell = sin(w.x * 1.1 + w.z * 0.4 + fbm(w.xz * 0.4) * 5.0) * 0.5 + 0.5;
            let ripples = fbm(w.xz * 3.0 + vec2<f32>(swell * 2.0));
            return base * (0.7 + 0.25 * swell + 0.25 * ripples);
        }
        case 19u: {
            return mix(base, contrast(base), bands(l.y, 0.05, 0.4));
        }
        case 20u: {
            let uv = cloth_uv(l, in.rest_normal);
            let t = (bands(uv.x, 0.04, 0.5) + bands(uv.y, 0.04, 0.5)) * 0.5;
            return mix(vec3<f32>(0.9, 0.9, 0.88), base, 0.2 + 0.8 * t);
        }
        case 21u: {
            let uv = cloth_uv(l, in.rest_normal) / 0.045;
            let row = floor(uv.y);
            let cell = vec2<f32>(fract(uv.x + 0.5 * (row - 2.0 * floor(row * 0.5))), fract(uv.y)) - 0.5;
            let d = length(cell) - 0.18;
            let aa = max(fwidth(uv.y), 1e-3);
            return mix(base, contrast(base), 1.0 - smoothstep(-aa, aa, d));
        }
        case 22u: {
            let m = jersey_number(l, in.rest_normal, u32(in.material.x + 0.5), in.material.y, in.material.z);
            return mix(base, contrast(base), m);
        }
        case 17u: { return skin(in, base); }
        case 23u: { return open_front(in, base); }
        case 24u: { return lips(in, base); }
        case 25u, 26u: { return base * textureSample(pictures, picture_sampler, in.rest_normal.xy, u32(in.material.z + 0.5)).rgb; }
        default: { return base; }
    }
}

// An sRGB colour packed as 0xRRGGBB, in linear light.
fn unpack_srgb(packed: f32) -> vec3<f32> {
    let c = u32(packed + 0.5);
    let srgb = vec3<f32>(f32((c >> 16u) & 255u), f32((c >> 8u) & 255u), f32(c & 255u)) / 255.0;
    return pow(srgb, vec3<f32>(2.2));
}

// The front of a jacket open over a t-shirt, or of a suit: its V down to the button over
// a white shirt, the tie down the middle, the lapels a shade darker along the V's edges.
fn open_front(in: VsOut, base: vec3<f32>) -> vec3<f32> {
    let p = in.local;
    let s = max(in.material.z, 0.3);
    let neck = in.material.y;
    let inner = unpack_srgb(in.material.w);
    let front = smoothstep(0.15, 0.35, in.rest_normal.x);
    let side = abs(p.z);
    let aa = max(fwidth(p.z), 1e-4);
    if (in.material.x < 1.5) {
        let open = (1.0 - smoothstep(0.045 * s - aa, 0.045 * s + aa, side)) * front;
        return mix(base, inner, open);
    }
    let button = neck - 0.25 * s;
    let width = 0.07 * s * clamp((p.y - button) / (neck - button), 0.0, 1.0);
    let open = (1.0 - smoothstep(width - aa, width + aa, side)) * front;
    let lapel = (1.0 - smoothstep(width + 0.014 * s - aa, width + 0.014 * s + aa, side)) * front * step(button, p.y);
    let tie_width = 0.012 * s + 0.01 * s * clamp((neck - p.y) / (neck - button), 0.0, 1.0);
    let tie = 1.0 - smoothstep(tie_width - aa, tie_width + aa, side);
    let shirt = mix(vec3<f32>(0.84, 0.84, 0.82), inner, tie);
    return mix(base * (1.0 - 0.25 * lapel), shirt, open);
}

// Skin, with the brows drawn on it when it carries their colour: an arch above each eye,
// thicker at its inner end, in the rest pose (so they rise and knit with the face).
fn skin(in: VsOut, base: vec3<f32>) -> vec3<f32> {
    if (in.material.w < 0.5) {
        return base;
    }
    let s = max(in.material.z, 0.3);
    let p = in.local;
    let v = (p.y - in.material.y) / s;
    // Most of the skin is nowhere near the brows.
    if (abs(v - 0.02) > 0.012) {
        return base;
    }
    let u = (abs(p.z) - in.material.x) / s;
    let along = clamp((u + 0.02) / 0.042, 0.0, 1.0);
    let arch = (u - 0.006) / 0.026;
    let centre = 0.0175 + 0.0055 * (1.0 - arch * arch);
    let half = 0.0043 - 0.0024 * along;
    let aa = max(fwidth(v), 1e-4);
    let across = 1.0 - smoothstep(half - aa, half + aa, abs(v - centre));
    let ends = smoothstep(-0.021 - aa, -0.019 + aa, u) * (1.0 - smoothstep(0.02 - aa, 0.022 + aa, u));
    let front = smoothstep(0.2, 0.45, in.rest_normal.x);
    let brow = across * ends * front * step(0.011 * s, abs(p.z));
    return mix(base, unpack_srgb(in.material.w), brow * 0.92);
}

// The lips' outline on the piece round the mouth: an ellipse 4.8 cm wide and 1.7 cm high
// round the mouth's middle in the rest pose (so it follows the mouth as it moves), the
// skin's colour outside it.
fn lips(in: VsOut, base: vec3<f32>) -> vec3<f32> {
    let s = max(in.material.z, 0.3);
    let p = in.local;
    let dy = (p.y - in.material.x) / s;
    let across = abs(p.z) / (0.024 * s);
    let half = 0.0085 * sqrt(max(1.0 - across * across, 0.0));
    let aa = max(fwidth(dy), 1e-4);
    let lip = 1.0 - smoothstep(half - aa, half + aa, abs(dy));
    return mix(unpack_srgb(in.material.w), base, lip);
}

// How rough skin is here: oilier, so glossier, down the forehead and nose than over the
// cheeks.
fn skin_roughness(in: VsOut) -> f32 {
    let p = in.local;
    let eyes = in.material.y;
    let s = max(in.material.z, 0.3);
    let front = smoothstep(0.4, 0.8, in.rest_normal.x);
    let up = (p.y - eyes) / s;
    let side = abs(p.z) / s;
    let forehead = step(0.018, up) * step(up, 0.08) * (1.0 - smoothstep(0.03, 0.05, side));
    let nose = step(-0.055, up) * step(up, 0.0) * (1.0 - smoothstep(0.012, 0.02, side));
    let oily = max(forehead, nose) * front;
    // 0.17: SKIN_OIL in pipelines.rs, which picks the pipeline by the smoothest skin.
    return in.color.a - 0.17 * oily;
}

fn shadow(map: texture_depth_2d, world: vec3<f32>, normal: vec3<f32>) -> f32 {
    let biased = world + normal * 0.02;
    let p = g.light_view_proj * vec4<f32>(biased, 1.0);
    let ndc = p.xyz / p.w;
    let uv = vec2<f32>(ndc.x * 0.5 + 0.5, 0.5 - ndc.y * 0.5);
    if (uv.x < 0.0 || uv.x > 1.0 || uv.y < 0.0 || uv.y > 1.0 || ndc.z > 1.0) {
        return 1.0;
    }
    let texel = g.params.y;
    // Two bilinear comparisons on a staggered pair: a soft edge about three texels wide
    // (four taps were a fifth of the frame's shading time on the CPU rasterizer).
    let depth = ndc.z - 0.0015;
    let o = texel * 1.0;
    var lit = textureSampleCompareLevel(map, shadow_sampler, uv + vec2<f32>(-o * 0.5, -o), depth);
    lit = lit + textureSampleCompareLevel(map, shadow_sampler, uv + vec2<f32>(o * 0.5, o), depth);
    return lit * 0.5;
}

fn sky(dir: vec3<f32>) -> vec3<f32> {
    let up = clamp(dir.y, -1.0, 1.0);
    // Toward the zenith as up^0.6, here sqrt(up)·(0.8 + 0.2·up): within 0.025 of it and
    // without the exp and log pow costs on the CPU rasterizer.
    let u = max(up, 0.0);
    var c = mix(g.sky_horizon.rgb, g.sky_zenith.rgb, sqrt(u) * (0.8 + 0.2 * u));
    c = mix(c, g.ground_bounce.rgb * 0.6, smoothstep(0.0, -0.2, up));
    // The panorama's own sky, above where its ground (buildings, trees) reaches.
    let lowest = g.environment.z;
    if (up > lowest) {
        let real = panorama_radiance(dir, 0.0) * g.environment.y;
        c = mix(c, real, smoothstep(lowest, lowest + 0.15, up));
    }
    if (g.params.z < 0.5) {
        let s = max(dot(dir, g.sun_dir.xyz), 0.0);
        // The disc (s^2000, as exp2(2000·log2 s) with log2 s ≈ (s − 1)/ln 2 near the sun)
        // and a glow around it (s^12).
        let s4 = s * s * s * s;
        c = c + g.sun_color.rgb * (exp2(min((s - 1.0) * 2885.4, 0.0)) * 8.0 + s4 * s4 * s4 * 0.08);
    }
    return c;
}

// The light a surface facing `n` takes from the whole panorama (over π): its nine
// spherical harmonics, in the order of `assets::sh_basis`.
fn irradiance(n: vec3<f32>) -> vec3<f32> {
    let c = g.irradiance;
    var e = c[0].rgb * 0.282095;
    e = e + (c[1].rgb * n.y + c[2].rgb * n.z + c[3].rgb * n.x) * 0.488603;
    e = e + (c[4].rgb * (n.x * n.y) + c[5].rgb * (n.y * n.z) + c[7].rgb * (n.x * n.z)) * 1.092548;
    e = e + c[6].rgb * (0.315392 * (3.0 * n.z * n.z - 1.0));
    e = e + c[8].rgb * (0.546274 * (n.x * n.x - n.y * n.y));
    return max(e, vec3<f32>(0.0));
}

// The panorama's radiance towards `d`, blurred to mip level `lod` (unscaled).
fn panorama_radiance(d: vec3<f32>, lod: f32) -> vec3<f32> {
    let uv = vec2<f32>(atan2(d.z, d.x) * 0.159155 + 0.5, acos(clamp(d.y, -1.0, 1.0)) * 0.318310);
    return textureSampleLevel(panorama, panorama_sampler, uv, lod).rgb;
}

// Filmic curve (Narkowicz's ACES fit).
fn tonemap(x: vec3<f32>) -> vec3<f32> {
    let a = 2.51;
    let b = 0.03;
    let c = 2.43;
    let d = 0.59;
    let e = 0.14;
    return clamp((x * (a * x + b)) / (x * (c * x + d) + e), vec3<f32>(0.0), vec3<f32>(1.0));
}

fn fifth(x: f32) -> f32 {
    let x2 = x * x;
    return x2 * x2 * x;
}

// How open to the light from all round an upward-facing point is, by the contact map: on
// the floor, the floor's openness; on a raised surface at the map's height, its own. And
// how much the moving things change that round the point (zero where they change nothing).
fn contact(p: vec3<f32>, n: vec3<f32>) -> vec2<f32> {
    let uv = (p.xz - g.contact.xy) * g.contact.zw;
    if (n.y < 0.5 || any(uv < vec2<f32>(0.0)) || any(uv > vec2<f32>(1.0))) {
        return vec2<f32>(1.0, 0.0);
    }
    let t = textureSampleLevel(contact_map, contact_sampler, uv, 0.0);
    var open = 1.0;
    if (p.y < 0.05) {
        open = t.r;
    }
    if (t.b > 0.05 && abs(p.y - t.b) < 0.03) {
        open = open * t.g;
    }
    return vec2<f32>(open, t.a);
}

// The lit colour of a surface point that the sun reaches by `lit` (0 in shadow, 1 in sun)
// and that is `open` to the light from all round (by `contact`).
fn shade(in: VsOut, lit: f32, open: f32) -> vec4<f32> {
    let n = normalize(in.normal);
    let v = normalize(g.camera_pos.xyz - in.world);
    let l = g.sun_dir.xyz;
    let h = normalize(l + v);
    let base = albedo(in);
    // People are never metal; their material slots place their patterns instead.
    let figure = PATTERN >= 17u && PATTERN <= 24u;
    var roughness = in.color.a;
    if (PATTERN == 17u) {
        roughness = skin_roughness(in);
    }
    let metal = select(in.material.x, 0.0, figure);
    let ndl = max(dot(n, l), 0.0);
    let ndv = max(dot(n, v), 1e-4);
    // Cook-Torrance: GGX distribution, Smith-Schlick visibility, Schlick Fresnel (its fifth
    // power by multiplying: pow costs an exp and a log on the CPU rasterizer).
    let a = max(roughness * roughness, 0.002);
    let a2 = a * a;
    let ndh = max(dot(n, h), 0.0);
    let dd = ndh * ndh * (a2 - 1.0) + 1.0;
    let k = (roughness + 1.0) * (roughness + 1.0) * 0.125;
    // D·G/(4·n·l·n·v), times π: the lights here are given as what a white diffuse surface
    // facing them reflects, so a diffuse BRDF of albedo/π becomes the albedo itself.
    let dg = a2 / (dd * dd * 4.0 * (ndl * (1.0 - k) + k) * (ndv * (1.0 - k) + k));
    let f0 = mix(vec3<f32>(0.04), base, metal);
    let fresnel = f0 + (1.0 - f0) * fifth(1.0 - max(dot(h, v), 0.0));
    let spec = fresnel * dg;
    let diffuse = base * (1.0 - metal);
    // Contact shadows dim the light from all round; indoors, where the key light is a
    // broad soft one rather than the sun, half of it too.
    var color = (diffuse + spec) * g.sun_color.rgb * ndl * lit * mix(1.0, open, 0.5 * g.params.z);
    if (PATTERN == 17u || PATTERN == 24u) {
        // Skin: light scattered under the surface reaches past the terminator (wrap
        // lighting), reddened on its way, and softens the shadow's edge.
        let wrap = max((dot(n, l) + 0.45) / 1.45, 0.0);
        let scatter = vec3<f32>(0.55, 0.22, 0.14);
        color = color + diffuse * scatter * g.sun_color.rgb * max(wrap - ndl, 0.0) * max(lit, 0.35);
    }
    // Ambient: the panorama's light from all round and its reflection, blurrier on
    // rougher surfaces (without one, the look's sky and ground light).
    let occlusion = (0.6 + 0.4 * clamp(in.world.y * 2.0 + 0.3 + n.y * 0.3, 0.0, 1.0)) * open;
    let hemi = in.ambient;
    // A rough surface reflects a blur as wide as the irradiance (the vertices' glint);
    // a glossy one the panorama, sharper the smoother it is.
    var env = in.glint;
    if (GLOSSY && g.environment.w > 0.5 && roughness < GLOSSY_BELOW) {
        env = panorama_radiance(reflect(-v, n), 2.0 + roughness * 5.0) * g.environment.x;
    }
    color = color + diffuse * hemi * occlusion;
    let env_f = f0 + (1.0 - f0) * fifth(1.0 - ndv) * (1.0 - roughness);
    color = color + env * env_f * (1.0 - roughness * 0.8) * occlusion;
    // Lamps light what is near them, falling off with the square of the distance.
    for (var i = 0u; i < u32(g.params.w); i = i + 1u) {
        let to = g.lamps[i].xyz - in.world;
        let d2 = max(dot(to, to), 0.3);
        let facing = max(dot(n, to * inverseSqrt(d2)), 0.0);
        color = color + diffuse * g.lamps[4u + i].rgb * facing / d2;
    }
    // Glowing surfaces (lamps, screens, sparks) give off light of their own colour, bright
    // enough to read at night, a little through the fog.
    color = color + base * select(in.material.y, 0.0, figure) * 4.0 / max(g.params.x, 0.25);
    // Fog by distance.
    let dist = length(g.camera_pos.xyz - in.world);
    let fog = 1.0 - exp(-dist * g.fog.w);
    color = mix(color, g.fog.rgb, fog);
    return vec4<f32>(tonemap(color * g.params.x), 1.0);
}

@fragment
fn fs_main(in: VsOut) -> @location(0) vec4<f32> {
    if (PATTERN == 26u) {
        // A cut-out picture's clear parts are not there.
        if (textureSample(pictures, picture_sampler, in.rest_normal.xy, u32(in.material.z + 0.5)).a < 0.5) {
            discard;
        }
    }
    let n = normalize(in.normal);
    return shade(in, shadow(shadow_map, in.world, n), contact(in.world, n).x);
}

// Re-shades a point of the cached static background where a moving object's shadow
// falls on it, and leaves every other point as the cache has it.
@fragment
fn fs_receiver(in: VsOut) -> @location(0) vec4<f32> {
    if (PATTERN == 26u) {
        if (textureSample(pictures, picture_sampler, in.rest_normal.xy, u32(in.material.z + 0.5)).a < 0.5) {
            discard;
        }
    }
    let n = normalize(in.normal);
    let full = shadow(shadow_map, in.world, n);
    // Fully lit with the moving things is fully lit without them: most of what the
    // receivers cover, which the rasterizer then spares the still map's taps.
    var unchanged = full >= 0.998;
    if (!unchanged) {
        unchanged = full >= shadow(static_shadow_map, in.world, n) - 0.002;
    }
    let open = contact(in.world, n);
    if (unchanged && open.y < 0.001) {
        discard;
    }
    return shade(in, full, open.x);
}

struct SkyOut {
    @builtin(position) clip: vec4<f32>,
    @location(0) ndc: vec2<f32>,
};

@vertex
fn vs_sky(@builtin(vertex_index) i: u32) -> SkyOut {
    let p = vec2<f32>(f32((i << 1u) & 2u), f32(i & 2u)) * 2.0 - 1.0;
    var out: SkyOut;
    out.clip = vec4<f32>(p, 1.0, 1.0);
    out.ndc = p;
    return out;
}

@fragment
fn fs_sky(in: SkyOut) -> @location(0) vec4<f32> {
    let far = g.inv_view_proj * vec4<f32>(in.ndc, 1.0, 1.0);
    let dir = normalize(far.xyz / far.w - g.camera_pos.xyz);
    return vec4<f32>(tonemap(sky(dir) * g.params.x), 1.0);
}

// The still set's shadow map, texel for texel, where the pass's scissor lets it through:
// restores a frame's map where the last frame's moving casters were drawn.
@fragment
fn fs_restore_shadow(in: SkyOut) -> @builtin(frag_depth) f32 {
    return textureLoad(static_shadow_map, vec2<i32>(in.clip.xy), 0);
}
