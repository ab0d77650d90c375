//! The run: steps the stage's physics at `STEP_HZ`, performs the actions at their steps
//! (catches, holds, scripted paths, releases, launches, breakages), hears every impact
//! and slide, and records every track's pose on each video frame.

use crate::materials;
use crate::stage::{ColliderInfo, LimbPoses, MaterialHooks, Mover, Person, REACH, Stage};
use crate::{IMPACT_SPEED, events, launch};
use glam::Vec3;
use rapier3d::prelude::*;
use scene::{Entity, Scene, Verb};
use std::collections::{HashMap, HashSet};
use timeline::{Contact, Frame, GROUND, Pose};

/// What a run recorded: poses per frame, impacts and slides (times in world seconds).
pub(crate) struct Recording {
    pub frames: Vec<Frame>,
    pub contacts: Vec<Contact>,
    pub slides: Vec<timeline::Slide>,
}

/// Contacts being followed from step to step.
struct Listening {
    contacts: Vec<Contact>,
    /// Pairs of colliders pushing on each other after the last step.
    touching: HashSet<(ColliderHandle, ColliderHandle)>,
    slides: events::SlideTracker,
}

/// Runs `stage` through `total_steps`, recording a frame at each of `frame_steps` (times
/// set from `fps`).
pub(crate) fn run(
    stage: &mut Stage<'_>,
    frame_steps: &[usize],
    total_steps: usize,
    fps: u32,
) -> Recording {
    let dt = stage.world.integration_parameters.dt;
    let mut frames = Vec::with_capacity(frame_steps.len());
    let mut listening = Listening {
        contacts: Vec::new(),
        touching: HashSet::new(),
        slides: events::SlideTracker::default(),
    };
    stage.hold_from_start();
    for step in 0..total_steps {
        let t = step as f32 * dt;
        while frames.len() < frame_steps.len() && frame_steps[frames.len()] == step {
            let mut frame = record(stage, t);
            frame.time = frames.len() as f64 / fps as f64;
            frames.push(frame);
        }
        stage.catch_within_reach(step);
        stage.move_held(step);
        stage.move_scripted(step);
        stage.let_go(step);
        stage.launch(step);
        stage.step_and_listen(step, &mut listening);
        roll_resistance(&mut stage.world, &stage.hooks, stage.gravity, dt);
    }
    let Listening {
        mut contacts,
        slides,
        ..
    } = listening;
    contacts.sort_by(|a: &Contact, b: &Contact| a.time.total_cmp(&b.time));
    Recording {
        frames,
        contacts: merge_simultaneous(contacts),
        slides: slides.finish(),
    }
}

impl Stage<'_> {
    /// What is held from the start is in the hands from the first frame.
    fn hold_from_start(&mut self) {
        for i in 0..self.holds.len() {
            let hold = &self.holds[i];
            if hold.since == Some(0) && hold.until > 0 {
                let (body, at) = (hold.body, self.hold_point(hold, 0));
                if let Some(body) = self.world.bodies.get_mut(body) {
                    body.set_translation(at, true);
                }
            }
        }
    }

    /// A catcher takes what was thrown to them once it comes within reach.
    fn catch_within_reach(&mut self, step: usize) {
        for i in 0..self.holds.len() {
            let hold = &self.holds[i];
            let reaching = hold.since.is_none()
                && hold
                    .reaching_from
                    .is_some_and(|a| (a..hold.until).contains(&step));
            if !reaching {
                continue;
            }
            // Positions are of the object's base, held or flying: their distance is that
            // of its centre from the middle of the hands.
            let body = &self.world.bodies[hold.body];
            let reach = REACH
                * hold
                    .holder
                    .map_or(1.0, |p| self.scene.entities[self.people[p].entity].size);
            if body.is_dynamic() && body.translation().distance(self.hold_point(hold, step)) < reach
            {
                let handle = hold.body;
                self.holds[i].since = Some(step);
                let body = &mut self.world.bodies[handle];
                body.set_body_type(RigidBodyType::KinematicPositionBased, true);
                body.set_linvel(Vec3::ZERO, true);
                body.set_angvel(Vec3::ZERO, true);
            }
        }
    }

    /// What is held goes where the hands go next.
    fn move_held(&mut self, step: usize) {
        for i in 0..self.holds.len() {
            let hold = &self.holds[i];
            if !hold.holds_at(step) {
                continue;
            }
            let (handle, at) = (hold.body, self.hold_point(hold, step + 1));
            if let Some(body) = self.world.bodies.get_mut(handle) {
                body.set_next_kinematic_position(Pose3::from_parts(at, *body.rotation()));
            }
        }
    }

    /// Things on a scripted path go where it takes them by the next step; at its end
    /// the physics carries them on (into the tyres, onto the desk).
    fn move_scripted(&mut self, step: usize) {
        let dt = self.world.integration_parameters.dt;
        let t = step as f32 * dt;
        for s in &self.scripted {
            // A thing that broke is its pieces now; its script is over.
            if self.breakages.iter().any(|b| b.done && b.body == s.body) {
                continue;
            }
            let Some(body) = self.world.bodies.get_mut(s.body) else {
                continue;
            };
            match s.path.release() {
                Some((end, velocity)) if t >= end => {
                    if body.is_kinematic() {
                        body.set_body_type(RigidBodyType::Dynamic, true);
                        body.set_linvel(velocity, true);
                    }
                }
                _ => {
                    let (offset, turn) = s.path.at(t + dt);
                    body.set_next_kinematic_position(Pose3::from_parts(
                        s.start + offset,
                        glam::Quat::from_rotation_y(turn) * s.base,
                    ));
                }
            }
        }
    }

    /// What is let go of at `step` falls (or flies) under the physics.
    fn let_go(&mut self, step: usize) {
        for hold in self
            .holds
            .iter()
            .filter(|h| h.until == step && h.since.is_some())
        {
            self.world.bodies[hold.body].set_body_type(RigidBodyType::Dynamic, true);
        }
    }

    /// Things pushed, rolled, thrown, shot or kicked at `step` get their velocity.
    fn launch(&mut self, step: usize) {
        let scene = self.scene;
        for launch in self.launches.iter().filter(|l| l.step == step) {
            let action = &scene.actions[launch.action];
            let Some(object) = scene.entity(&action.object) else {
                continue;
            };
            let from = self.world.bodies[launch.body].translation()
                + Vec3::Y
                    * object
                        .archetype
                        .ball_radius()
                        .map_or(0.0, |r| r * object.size);
            let velocity = launch_velocity(scene, action, object, from, self.gravity);
            let body = &mut self.world.bodies[launch.body];
            body.set_body_type(RigidBodyType::Dynamic, true);
            body.set_linvel(velocity.0, true);
            body.set_angvel(velocity.1, true);
        }
    }

    /// One physics step; then the impacts of pairs that just met, the slides, and the
    /// things that break on their moment or on their first strike after it.
    fn step_and_listen(&mut self, step: usize, listening: &mut Listening) {
        let dt = self.world.integration_parameters.dt;
        let t = step as f32 * dt;
        let before: HashMap<RigidBodyHandle, Vec3> = self
            .world
            .bodies
            .iter()
            .filter(|(_, b)| b.is_dynamic() && !b.is_sleeping())
            .map(|(h, b)| (h, b.linvel()))
            .collect();
        self.world.step_with_events(&self.hooks, &());
        let mut now = HashSet::new();
        for pair in self.world.narrow_phase.contact_pairs() {
            let impulse = pair.total_impulse_magnitude();
            if impulse <= 0.0 {
                continue;
            }
            let key = (pair.collider1, pair.collider2);
            now.insert(key);
            if step.is_multiple_of(events::SLIDE_SAMPLE_STEPS) {
                listening.slides.observe(
                    &self.world.bodies,
                    &self.world.colliders,
                    &self.hooks,
                    self.scene,
                    pair,
                    step,
                    t,
                    dt,
                    impulse,
                );
            }
            if listening.touching.contains(&key) {
                continue;
            }
            if let Some(contact) = impact(
                &self.world,
                &self.hooks,
                self.scene,
                pair,
                &before,
                t,
                dt,
                impulse,
            ) {
                listening.contacts.push(contact);
            }
        }
        self.break_things(step, &listening.touching);
        listening.touching = now;
        if step.is_multiple_of(events::SLIDE_SAMPLE_STEPS) {
            listening.slides.close_stale(step);
        }
    }

    /// A thing breaks at its moment, or, falling then, when it first strikes something.
    fn break_things(&mut self, step: usize, touching: &HashSet<(ColliderHandle, ColliderHandle)>) {
        let world = &mut self.world;
        for b in self
            .breakages
            .iter_mut()
            .filter(|b| !b.done && step >= b.from_step)
        {
            // A thing in flight under gravity waits for its strike; one carried (a rising
            // firework) breaks on time.
            let whole = &world.bodies[b.body];
            let falling = whole.is_dynamic() && whole.linvel().length() > 0.5;
            let struck = world
                .narrow_phase
                .contact_pairs()
                .filter(|pair| {
                    pair.total_impulse_magnitude() > 0.0
                        && !touching.contains(&(pair.collider1, pair.collider2))
                })
                .any(|pair| {
                    [pair.collider1, pair.collider2]
                        .iter()
                        .any(|&c| world.colliders[c].parent() == Some(b.body))
                });
            if !falling || struck {
                b.shatter(&mut world.bodies);
            }
        }
    }
}

/// Records every piece's pose at time `t` (the camera comes later).
fn record(stage: &Stage<'_>, t: f32) -> Frame {
    let limbs: Vec<LimbPoses> = stage
        .people
        .iter()
        .map(|p: &Person| stage.person_limbs(p, t))
        .collect();
    let world = &stage.world;
    let poses = stage
        .movers
        .iter()
        .map(|m| match m {
            Mover::Body(h) => {
                let b = &world.bodies[*h];
                Pose {
                    position: b.translation().to_array(),
                    rotation: b.rotation().to_array(),
                }
            }
            Mover::Swing {
                body,
                hinge,
                swing,
                path,
            } => {
                let b = &world.bodies[*body];
                let gait = &stage.gaits[*path];
                let turn = swing.at(t, gait.travelling(t), gait.settled(t));
                let rotation = b.rotation() * turn;
                let position = b.translation() + b.rotation() * (*hinge);
                Pose {
                    position: position.to_array(),
                    rotation: rotation.to_array(),
                }
            }
            Mover::Limb(p, limb) => {
                let (position, rotation) = limbs[*p][*limb as usize];
                Pose {
                    position: position.to_array(),
                    rotation: rotation.to_array(),
                }
            }
        })
        .collect();
    let placeholder = timeline::CameraPose {
        eye: [0.0, 1.0, 5.0],
        target: [0.0; 3],
        fov: 40.0,
        shot: 0,
    };
    Frame {
        time: t as f64,
        poses,
        camera: placeholder,
    }
}

/// An impact from a pair that just began pushing on each other, if they closed fast enough.
#[allow(clippy::too_many_arguments)]
fn impact(
    world: &PhysicsWorld,
    hooks: &MaterialHooks,
    scene: &Scene,
    pair: &ContactPair,
    before: &HashMap<RigidBodyHandle, Vec3>,
    t: f32,
    dt: f32,
    impulse: f32,
) -> Option<Contact> {
    let manifold = pair.manifolds().iter().find(|m| !m.points.is_empty())?;
    let normal = manifold.data.normal;
    let velocity = |h: ColliderHandle| {
        world.colliders[h]
            .parent()
            .and_then(|b| before.get(&b).copied())
            .unwrap_or(Vec3::ZERO)
    };
    let speed = (velocity(pair.collider1) - velocity(pair.collider2))
        .dot(normal)
        .abs();
    if speed < IMPACT_SPEED {
        return None;
    }
    let gap = manifold
        .points
        .iter()
        .map(|p| p.dist)
        .fold(f32::INFINITY, f32::min)
        .max(0.0);
    let c1 = &world.colliders[pair.collider1];
    let point = c1.position() * manifold.points[0].local_p1;
    let info = |h: ColliderHandle| hooks.colliders[world.colliders[h].user_data as usize];
    let (a, b) = (info(pair.collider1), info(pair.collider2));
    let name = |i: ColliderInfo| {
        i.entity
            .map_or(GROUND.to_string(), |e| scene.entities[e].id.clone())
    };
    Some(Contact {
        time: (t + (gap / speed).min(dt)) as f64,
        a: name(a),
        b: name(b),
        material_a: a.material,
        material_b: b.material,
        impulse,
        speed,
        point: point.to_array(),
    })
}

/// Folds impacts between the same two entities within 8 ms into one (a ball meeting two
/// segments of a rim at once is one hit).
fn merge_simultaneous(contacts: Vec<Contact>) -> Vec<Contact> {
    let mut out: Vec<Contact> = Vec::with_capacity(contacts.len());
    for c in contacts {
        let same = out
            .iter_mut()
            .rev()
            .take_while(|o| c.time - o.time < 0.008)
            .find(|o| (o.a == c.a && o.b == c.b) || (o.a == c.b && o.b == c.a));
        match same {
            Some(o) => {
                o.impulse += c.impulse;
                o.speed = o.speed.max(c.speed);
            }
            None => out.push(c),
        }
    }
    out
}

/// Slows rolling balls: rapier has no rolling friction, so a ball on the floor would roll for ever.
fn roll_resistance(world: &mut PhysicsWorld, hooks: &MaterialHooks, gravity: f32, dt: f32) {
    let mut slow = Vec::new();
    for (handle, body) in world.bodies.iter() {
        if !body.is_dynamic() || body.is_sleeping() || body.colliders().len() != 1 {
            continue;
        }
        let collider = body.colliders()[0];
        if world.colliders[collider].shape().as_ball().is_none() {
            continue;
        }
        let own = hooks.colliders[world.colliders[collider].user_data as usize].material;
        let resistance = world
            .narrow_phase
            .contact_pairs_with(collider)
            .filter(|p| p.has_any_active_contact())
            .map(|p| {
                let other = if p.collider1 == collider {
                    p.collider2
                } else {
                    p.collider1
                };
                materials::pair_rolling(
                    own,
                    hooks.colliders[world.colliders[other].user_data as usize].material,
                )
            })
            .fold(0.0, f32::max);
        if resistance > 0.0 {
            slow.push((handle, resistance * gravity * dt));
        }
    }
    for (handle, dv) in slow {
        let body = &mut world.bodies[handle];
        let v = body.linvel();
        let flat = Vec3::new(v.x, 0.0, v.z);
        let speed = flat.length();
        if speed > 0.0 {
            let keep = (speed - dv).max(0.0) / speed;
            body.set_linvel(Vec3::new(v.x * keep, v.y, v.z * keep), false);
            let w = body.angvel();
            body.set_angvel(w * keep, false);
        }
    }
}

/// Linear and angular velocity that perform an action on its object from `from`.
fn launch_velocity(
    scene: &Scene,
    action: &scene::Action,
    object: &Entity,
    from: Vec3,
    gravity: f32,
) -> (Vec3, Vec3) {
    let target = action.target.as_deref().and_then(|t| scene.entity(t));
    let aim = target.map(|t| launch::aim_point(t, action.verb, action.outcome));
    let horizontal_dir = |fallback: Vec3| {
        aim.map(|p| Vec3::new(p.x - from.x, 0.0, p.z - from.z).normalize_or(fallback))
            .unwrap_or(fallback)
    };
    let radius = object.archetype.ball_radius().map(|r| r * object.size);
    let facing = action
        .actor
        .as_deref()
        .and_then(|a| scene.entity(a))
        .map_or(Vec3::X, launch::yaw);
    let rolling_spin = |v: Vec3| radius.map_or(Vec3::ZERO, |r| Vec3::Y.cross(v) / r);
    match action.verb {
        Verb::Shoot | Verb::Throw | Verb::Kick => {
            let v = match aim {
                Some(p) => launch::ballistic(from, p, action.verb, action.strength, gravity),
                None => (facing + Vec3::Y * 0.4).normalize() * 8.0 * action.strength,
            };
            // A shot leaves the fingertips with backspin.
            let spin = if action.verb == Verb::Shoot {
                -rolling_spin(Vec3::new(v.x, 0.0, v.z)) * 0.3
            } else {
                Vec3::ZERO
            };
            (v, spin)
        }
        Verb::Roll => {
            let v = horizontal_dir(facing) * launch::roll_speed(object.archetype) * action.strength;
            (v, rolling_spin(v))
        }
        Verb::Push => {
            let dir = horizontal_dir(facing);
            let parts = object.parts();
            let (height, width) = parts.iter().fold((0.0f32, 0.0f32), |(h, w), p| {
                let r = p.shape.bounding_radius();
                (
                    h.max(p.offset[1] + r),
                    w.max(p.offset[0].abs().max(p.offset[2].abs()) + r),
                )
            });
            // A hard push shoves anything; a gentle one tips over what is tall and narrow.
            if height > 1.5 * width && action.strength <= 1.5 {
                // Tall and narrow: it tips over.
                (
                    dir * 0.25 * action.strength,
                    Vec3::Y.cross(dir) * 3.0 * action.strength,
                )
            } else {
                (dir * 1.5 * action.strength, Vec3::ZERO)
            }
        }
        _ => (Vec3::ZERO, Vec3::ZERO),
    }
}
