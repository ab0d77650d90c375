//! Simulation: builds the Scene's world in rapier3d, runs it at a fixed step, performs the
//! actions, animates the people, and records a `Timeline`: every rigid piece's pose on
//! every video frame, every impact with its time and impulse, and the camera.

mod breakage;
mod camera;
mod clock;
mod events;
mod gait;
mod launch;
pub mod materials;
mod motion;
mod person;

use camera::Bounds;
use glam::{Quat, Vec3};
use rapier3d::prelude::*;
use scene::{Archetype, Entity, Limb, Material, Scene, ValidationError, Verb};
use std::collections::{HashMap, HashSet};
use timeline::{Contact, Frame, GROUND, Pose, TIMELINE_VERSION, Timeline, Track};

/// Physics steps per second.
pub const STEP_HZ: u32 = 240;

/// Closing speeds below this (m/s) are resting or rolling contact, not impacts.
pub const IMPACT_SPEED: f32 = 0.2;

/// How to run the simulation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SimOptions {
    /// Video frames per second (24, 30 or 60: a divisor of the step rate).
    pub fps: u32,
    /// Width / height of the picture, so the camera frames for it.
    pub aspect: f32,
}

/// Why a scene could not be simulated.
#[derive(Debug, thiserror::Error)]
pub enum SimError {
    /// The scene is not valid.
    #[error(transparent)]
    Invalid(#[from] ValidationError),
    /// The frame rate does not divide the physics step rate.
    #[error("fps {0} is not supported; use 24, 30 or 60")]
    UnsupportedFps(u32),
}

/// What a collider belongs to and is made of.
#[derive(Debug, Clone, Copy)]
struct ColliderInfo {
    /// Index into the scene's entities, or None for the ground.
    entity: Option<usize>,
    material: Material,
}

/// Sets each contact's restitution and friction from the two materials.
struct MaterialHooks {
    colliders: Vec<ColliderInfo>,
}

impl PhysicsHooks for MaterialHooks {
    fn modify_solver_contacts(&self, context: &mut ContactModificationContext) {
        let material =
            |h: ColliderHandle| self.colliders[context.colliders[h].user_data as usize].material;
        let (a, b) = (material(context.collider1), material(context.collider2));
        if let Some(manifold) = context.rigid_mut() {
            *manifold.restitution = materials::pair_restitution(a, b);
            *manifold.friction = materials::pair_friction(a, b);
        }
    }
}

/// Mass in kg at natural size of archetypes that are hollow or not solid material.
fn natural_mass(archetype: Archetype) -> Option<f32> {
    Some(match archetype {
        Archetype::Crate => 1.5,
        Archetype::Cube => 1.5,
        Archetype::Ball => 0.3,
        Archetype::Basketball => 0.62,
        Archetype::SoccerBall => 0.43,
        Archetype::TennisBall => 0.058,
        Archetype::BowlingBall => 6.8,
        Archetype::BilliardBall => 0.17,
        Archetype::Marble => 0.02,
        Archetype::GolfBall => 0.046,
        _ => return None,
    })
}

/// The entity's orientation from its Euler angles (x, then y, then z, in degrees).
fn orientation(e: &Entity) -> Quat {
    let [x, y, z] = e.rotation.map(f32::to_radians);
    Quat::from_rotation_z(z) * Quat::from_rotation_y(y) * Quat::from_rotation_x(x)
}

/// How a piece of the world moves.
enum Mover {
    /// A rigid body in the physics world.
    Body(RigidBodyHandle),
    /// A limb of the person with this index in `people`.
    Limb(usize, Limb),
    /// An animal's leg or a bird's wing, turning at `hinge` (in the body's frame) on a
    /// body whose scripted motion is `gaits[path]`.
    Swing {
        body: RigidBodyHandle,
        hinge: Vec3,
        swing: gait::Swing,
        path: usize,
    },
}

/// Joint position and rotation of every limb of a person, in `Limb::ALL` order.
type LimbPoses = Vec<(Vec3, Quat)>;

/// A person being animated.
struct Person {
    entity: usize,
    /// Their look, every trait set, and the rest pose of their figure's skeleton.
    look: scene::PersonLook,
    skeleton: people::Skeleton,
    performances: Vec<person::Performance>,
    path: motion::Path,
}

/// An object held still (in hands or in the air) until its action releases it.
struct Hold {
    body: RigidBodyHandle,
    entity: usize,
    /// The person holding it, if any.
    holder: Option<usize>,
    /// The step from which it is held: 0 for what is held from the start; for a catch,
    /// none until the object comes within the catcher's reach.
    since: Option<usize>,
    /// For a catch: the step from which the catcher reaches for it (until `until`).
    reaching_from: Option<usize>,
    /// The step at which it is let go.
    until: usize,
}

impl Hold {
    fn holds_at(&self, step: usize) -> bool {
        self.since.is_some_and(|s| s <= step) && step < self.until
    }
}

/// How far from the middle of the hands a catcher takes a ball, per unit of their size.
const REACH: f32 = 0.45;

/// A pending change of velocity at a moment.
struct Launch {
    /// The step at which it happens.
    step: usize,
    body: RigidBodyHandle,
    action: usize,
}

/// Simulates the scene into a timeline.
pub fn simulate(scene: &Scene, options: &SimOptions) -> Result<Timeline, SimError> {
    scene.validate()?;
    if options.fps == 0 || !STEP_HZ.is_multiple_of(options.fps) {
        return Err(SimError::UnsupportedFps(options.fps));
    }
    let steps_per_frame = (STEP_HZ / options.fps) as usize;
    let dt = 1.0 / STEP_HZ as f32;
    let frame_count = ((scene.duration * options.fps as f32).round() as usize).max(1);
    let gravity = scene.environment.gravity();
    // The physics runs in world time: in slow motion, actions come later on its clock.
    let clock = clock::Clock::of(scene);
    let shown = scene;
    let warped;
    let scene = if clock.is_real_time() {
        scene
    } else {
        let mut s = scene.clone();
        for a in &mut s.actions {
            a.at = clock.world(a.at);
        }
        warped = s;
        &warped
    };
    let frame_steps: Vec<usize> = (0..frame_count)
        .map(|k| (clock.world(k as f32 / options.fps as f32) / dt).round() as usize)
        .collect();

    let mut world = PhysicsWorld::new();
    world.gravity = Vec3::new(0.0, -gravity, 0.0);
    world.integration_parameters.dt = dt;
    let mut infos = vec![ColliderInfo {
        entity: None,
        material: scene.environment.setting.ground_material(),
    }];
    let ground = world
        .bodies
        .insert(RigidBodyBuilder::fixed().translation(Vec3::new(0.0, -0.5, 0.0)));
    let ground_collider = ColliderBuilder::cuboid(200.0, 0.5, 200.0)
        .user_data(0)
        .active_hooks(ActiveHooks::MODIFY_SOLVER_CONTACTS);
    world
        .colliders
        .insert_with_parent(ground_collider, ground, &mut world.bodies);
    // The set's walls stop what flies at them.
    for wall in scene.environment.setting.walls() {
        let collider = ColliderBuilder::new(shared_shape(wall.shape))
            .translation(Vec3::from(wall.offset))
            .user_data(infos.len() as u128)
            .active_hooks(ActiveHooks::MODIFY_SOLVER_CONTACTS);
        infos.push(ColliderInfo {
            entity: None,
            material: wall.material,
        });
        world
            .colliders
            .insert_with_parent(collider, ground, &mut world.bodies);
    }

    let people: Vec<Person> = scene
        .entities
        .iter()
        .enumerate()
        .filter(|(_, e)| e.archetype == Archetype::Person)
        .zip(resolved_looks(scene))
        .map(|((i, e), look)| Person {
            entity: i,
            skeleton: people::skeleton(&look, &e.id),
            look,
            performances: scene
                .actions
                .iter()
                .filter(|a| a.actor.as_deref() == Some(e.id.as_str()))
                .map(|a| person::Performance {
                    at: a.at,
                    verb: a.verb,
                    look: a
                        .target
                        .as_deref()
                        .and_then(|t| scene.entity(t))
                        .map(|t| person::yaw_towards(e, t)),
                })
                .chain(conversation_looks(scene, e))
                .collect(),
            path: motion::Path::of(scene, e),
        })
        .collect();

    let mut tracks = Vec::new();
    let mut movers = Vec::new();
    let mut bodies_by_entity = HashMap::new();
    let mut scripted = Vec::new();
    let mut gaits: Vec<motion::Path> = Vec::new();
    let mut figures = Vec::new();
    for (index, entity) in scene.entities.iter().enumerate() {
        if entity.archetype == Archetype::Person {
            let person = people
                .iter()
                .position(|p| p.entity == index)
                .expect("every person is listed");
            figures.push(timeline::Figure {
                entity: entity.id.clone(),
                look: people[person].look.clone(),
                first_track: tracks.len(),
                scale: entity.size,
            });
            // Each limb carries a sphere round its surface, undrawn (the figure is drawn),
            // for framing the camera; the jaw a mouth-sized capsule.
            for limb in Limb::ALL {
                tracks.push(Track {
                    entity: entity.id.clone(),
                    parts: limb_proxy(&people[person].skeleton, limb, entity),
                });
                movers.push(Mover::Limb(person, limb));
            }
            continue;
        }
        let held = scene.actions.iter().any(|a| {
            a.object == entity.id
                && (a.verb == Verb::Drop
                    || (a.actor.is_some() && matches!(a.verb, Verb::Shoot | Verb::Throw)))
        });
        let path = motion::Path::of(scene, entity);
        let builder = if entity.fixed {
            RigidBodyBuilder::fixed()
        } else if held || !path.is_empty() {
            RigidBodyBuilder::kinematic_position_based()
        } else {
            RigidBodyBuilder::dynamic()
                .linvel(Vec3::from(entity.velocity))
                .angvel(Vec3::from(entity.spin))
        };
        let body = world.bodies.insert(
            builder
                .pose(Pose3::from_parts(
                    Vec3::from(entity.position),
                    orientation(entity),
                ))
                .ccd_enabled(entity.archetype.ball_radius().is_some())
                // Nothing sleeps: a stack whose bottom is knocked out must fall.
                .can_sleep(false),
        );
        let parts = entity.parts();
        let mass = natural_mass(entity.archetype).map(|m| m * entity.size.powi(3));
        let colliding = parts.iter().filter(|p| p.collides).count().max(1) as f32;
        for part in parts.iter().filter(|p| p.collides) {
            let mut builder = ColliderBuilder::new(shared_shape(part.shape))
                .position(Pose3::from_parts(
                    Vec3::from(part.offset),
                    Quat::from_array(part.rotation),
                ))
                .user_data(infos.len() as u128)
                .active_hooks(ActiveHooks::MODIFY_SOLVER_CONTACTS);
            builder = match mass {
                Some(m) => builder.mass(m / colliding),
                None => builder.density(materials::physical(part.material).density),
            };
            infos.push(ColliderInfo {
                entity: Some(index),
                material: part.material,
            });
            world
                .colliders
                .insert_with_parent(builder, body, &mut world.bodies);
        }
        // An animal's legs and a bird's wings are tracks of their own that swing on the
        // body as it goes; the rest of it is one piece.
        let (swinging, rest): (Vec<_>, Vec<_>) = parts.into_iter().partition(|p| p.limb.is_some());
        tracks.push(Track {
            entity: entity.id.clone(),
            parts: rest,
        });
        movers.push(Mover::Body(body));
        for part in swinging {
            let hinge = gait::hinge(&part);
            tracks.push(Track {
                entity: entity.id.clone(),
                parts: vec![scene::Part {
                    offset: (Vec3::from(part.offset) - hinge).to_array(),
                    ..part
                }],
            });
            movers.push(Mover::Swing {
                body,
                hinge,
                swing: gait::Swing::of(&part),
                path: gaits.len(),
            });
        }
        gaits.push(path.clone());
        bodies_by_entity.insert(entity.id.as_str(), body);
        if !path.is_empty() && !entity.fixed {
            scripted.push((body, Vec3::from(entity.position), orientation(entity), path));
        }
    }

    let entity_index = |id: &str| scene.entities.iter().position(|e| e.id == id);
    // Moments become step indices so that no comparison of float times can skip one.
    let step_of = |time: f32| (time * STEP_HZ as f32).round() as usize;
    let mut holds = Vec::new();
    let mut launches = Vec::new();
    let person_of = |actor: Option<&str>| {
        actor.and_then(|a| people.iter().position(|p| scene.entities[p.entity].id == a))
    };
    let throws = |action: &scene::Action| {
        person_of(action.actor.as_deref()).is_some()
            && matches!(action.verb, Verb::Shoot | Verb::Throw)
    };
    for (i, action) in scene.actions.iter().enumerate() {
        let Some(&body) = bodies_by_entity.get(action.object.as_str()) else {
            continue;
        };
        let entity = entity_index(&action.object).expect("validated");
        let holder = person_of(action.actor.as_deref());
        // The throw before this action of the same object, if any.
        let previous_throw = scene.actions[..i]
            .iter()
            .rev()
            .find(|a| a.object == action.object && throws(a));
        if action.verb == Verb::Drop || (throws(action) && previous_throw.is_none()) {
            holds.push(Hold {
                body,
                entity,
                holder: if action.verb == Verb::Drop {
                    None
                } else {
                    holder
                },
                since: Some(0),
                reaching_from: None,
                until: step_of(action.at),
            });
        }
        // A catch of something thrown: the catcher takes it when it comes within reach,
        // and holds it until they throw it on.
        if action.verb == Verb::Catch
            && let (Some(catcher), Some(thrown)) = (holder, previous_throw)
        {
            let next_throw = scene.actions[i..]
                .iter()
                .find(|a| a.object == action.object && throws(a));
            let until = next_throw.map_or(usize::MAX, |a| step_of(a.at));
            holds.push(Hold {
                body,
                entity,
                holder: Some(catcher),
                since: None,
                reaching_from: Some(step_of(thrown.at + 0.3)),
                until,
            });
        }
        if matches!(
            action.verb,
            Verb::Push | Verb::Roll | Verb::Shoot | Verb::Throw | Verb::Kick
        ) {
            launches.push(Launch {
                step: step_of(action.at),
                body,
                action: i,
            });
        }
    }

    // Things that break get their pieces now, waiting out of sight.
    let mut breakages = Vec::new();
    for action in scene.actions.iter().filter(|a| a.verb == Verb::Break) {
        let Some(&body) = bodies_by_entity.get(action.object.as_str()) else {
            continue;
        };
        let index = entity_index(&action.object).expect("validated");
        let entity = &scene.entities[index];
        let mut pieces = Vec::new();
        for (k, part) in breakage::pieces(entity).into_iter().enumerate() {
            let hidden = Vec3::new(
                entity.position[0] + k as f32,
                breakage::HIDDEN_DEPTH,
                entity.position[2],
            );
            let piece = world.bodies.insert(
                RigidBodyBuilder::kinematic_position_based()
                    .translation(hidden)
                    .can_sleep(false),
            );
            let collider = ColliderBuilder::new(shared_shape(part.shape))
                .density(materials::physical(part.material).density)
                .user_data(infos.len() as u128)
                .active_hooks(ActiveHooks::MODIFY_SOLVER_CONTACTS);
            infos.push(ColliderInfo {
                entity: Some(index),
                material: part.material,
            });
            world
                .colliders
                .insert_with_parent(collider, piece, &mut world.bodies);
            tracks.push(Track {
                entity: entity.id.clone(),
                parts: vec![part],
            });
            movers.push(Mover::Body(piece));
            pieces.push(piece);
        }
        breakages.push(breakage::Breakage {
            body,
            from_step: step_of(action.at),
            pieces,
            // Small things scatter less far: a cup's shards stay near where it fell.
            burst: if breakage::sparkles(entity) {
                9.0
            } else {
                (1.0 + action.strength) * breakage::scale(entity)
            },
            done: false,
        });
    }

    let hooks = MaterialHooks { colliders: infos };
    let mut frames = Vec::with_capacity(frame_count);
    let mut contacts = Vec::new();
    let mut touching: HashSet<(ColliderHandle, ColliderHandle)> = HashSet::new();
    let mut slides = events::SlideTracker::default();
    let total_steps = frame_steps[frame_count - 1] + steps_per_frame;
    let person_limbs = |p: &Person, t: f32| {
        let e = &scene.entities[p.entity];
        let (offset, turn) = p.path.at(t);
        person::limb_transforms(
            Vec3::from(e.position) + offset,
            Quat::from_rotation_y(turn) * orientation(e),
            e.size,
            &person::pose_at(t, &p.performances, p.path.travelling(t), p.entity as f32),
            &p.skeleton,
        )
    };
    let hold_point = |hold: &Hold, step: usize| -> Vec3 {
        let t = step as f32 * dt;
        let e = &scene.entities[hold.entity];
        match hold.holder {
            Some(p) => {
                let radius = e.archetype.ball_radius().unwrap_or(0.15) * e.size;
                // The body's origin is its base; the hands hold its centre.
                person::hands_point(
                    &person_limbs(&people[p], t),
                    scene.entities[people[p].entity].size,
                    radius,
                ) - Vec3::Y * radius
            }
            None => Vec3::from(e.position),
        }
    };

    // What is held from the start is in the hands from the first frame.
    for hold in holds.iter().filter(|h| h.since == Some(0) && h.until > 0) {
        let at = hold_point(hold, 0);
        if let Some(body) = world.bodies.get_mut(hold.body) {
            body.set_translation(at, true);
        }
    }
    for step in 0..total_steps {
        let t = step as f32 * dt;
        while frames.len() < frame_count && frame_steps[frames.len()] == step {
            let mut frame = record(&world, &movers, &gaits, &people, &person_limbs, t);
            frame.time = frames.len() as f64 / options.fps as f64;
            frames.push(frame);
        }
        for hold in holds.iter_mut().filter(|h| {
            h.since.is_none()
                && h.reaching_from
                    .is_some_and(|a| (a..h.until).contains(&step))
        }) {
            // Positions are of the object's base, held or flying: their distance is that
            // of its centre from the middle of the hands.
            let body = &world.bodies[hold.body];
            let reach = REACH
                * hold
                    .holder
                    .map_or(1.0, |p| scene.entities[people[p].entity].size);
            if body.is_dynamic() && body.translation().distance(hold_point(hold, step)) < reach {
                hold.since = Some(step);
                let body = &mut world.bodies[hold.body];
                body.set_body_type(RigidBodyType::KinematicPositionBased, true);
                body.set_linvel(Vec3::ZERO, true);
                body.set_angvel(Vec3::ZERO, true);
            }
        }
        for hold in holds.iter().filter(|h| h.holds_at(step)) {
            let at = hold_point(hold, step + 1);
            if let Some(body) = world.bodies.get_mut(hold.body) {
                body.set_next_kinematic_position(Pose3::from_parts(at, *body.rotation()));
            }
        }
        for (handle, start, base, path) in &scripted {
            // A thing that broke is its pieces now; its script is over.
            if breakages.iter().any(|b| b.done && b.body == *handle) {
                continue;
            }
            let Some(body) = world.bodies.get_mut(*handle) else {
                continue;
            };
            match path.release() {
                // The journey is over: the physics carries it on (into the tyres, onto the desk).
                Some((end, velocity)) if t >= end => {
                    if body.is_kinematic() {
                        body.set_body_type(RigidBodyType::Dynamic, true);
                        body.set_linvel(velocity, true);
                    }
                }
                _ => {
                    let (offset, turn) = path.at(t + dt);
                    body.set_next_kinematic_position(Pose3::from_parts(
                        *start + offset,
                        Quat::from_rotation_y(turn) * *base,
                    ));
                }
            }
        }
        for hold in holds
            .iter()
            .filter(|h| h.until == step && h.since.is_some())
        {
            world.bodies[hold.body].set_body_type(RigidBodyType::Dynamic, true);
        }
        for launch in launches.iter().filter(|l| l.step == step) {
            let action = &scene.actions[launch.action];
            let object = &scene.entities[entity_index(&action.object).expect("validated")];
            let from = world.bodies[launch.body].translation()
                + Vec3::Y
                    * object
                        .archetype
                        .ball_radius()
                        .map_or(0.0, |r| r * object.size);
            let velocity = launch_velocity(scene, action, object, from, gravity);
            let body = &mut world.bodies[launch.body];
            body.set_body_type(RigidBodyType::Dynamic, true);
            body.set_linvel(velocity.0, true);
            body.set_angvel(velocity.1, true);
        }
        let before: HashMap<RigidBodyHandle, Vec3> = world
            .bodies
            .iter()
            .filter(|(_, b)| b.is_dynamic() && !b.is_sleeping())
            .map(|(h, b)| (h, b.linvel()))
            .collect();
        world.step_with_events(&hooks, &());
        let mut now = HashSet::new();
        for pair in world.narrow_phase.contact_pairs() {
            let impulse = pair.total_impulse_magnitude();
            if impulse <= 0.0 {
                continue;
            }
            let key = (pair.collider1, pair.collider2);
            now.insert(key);
            if step % events::SLIDE_SAMPLE_STEPS == 0 {
                slides.observe(
                    &world.bodies,
                    &world.colliders,
                    &hooks,
                    scene,
                    pair,
                    step,
                    t,
                    dt,
                    impulse,
                );
            }
            if touching.contains(&key) {
                continue;
            }
            if let Some(contact) = impact(&world, &hooks, scene, pair, &before, t, dt, impulse) {
                contacts.push(contact);
            }
        }
        // A thing breaks at its moment, or, falling then, when it first strikes something.
        for b in breakages
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
        touching = now;
        if step % events::SLIDE_SAMPLE_STEPS == 0 {
            slides.close_stale(step);
        }
        roll_resistance(&mut world, &hooks, gravity, dt);
    }
    contacts.sort_by(|a: &Contact, b: &Contact| a.time.total_cmp(&b.time));
    let mut contacts = merge_simultaneous(contacts);
    let mut slides = slides.finish();
    let mut footsteps = events::footsteps(
        scene,
        &people.iter().map(|p| p.entity).collect::<Vec<_>>(),
        |p, t| {
            let e = &scene.entities[people[p].entity];
            events::soles(
                &person_limbs(&people[p], t),
                &people[p].skeleton,
                e.size,
                e.position[1],
            )
        },
        total_steps,
        dt,
    );
    if !clock.is_real_time() {
        let times = contacts
            .iter_mut()
            .map(|c| &mut c.time)
            .chain(footsteps.iter_mut().map(|f| &mut f.time))
            .chain(
                slides
                    .iter_mut()
                    .flat_map(|s| s.samples.iter_mut().map(|x| &mut x.time)),
            );
        for time in times {
            *time = clock.video(*time);
        }
    }
    let scene = shown;
    let moments = events::moments(scene, &tracks, &frames, &contacts);

    // What a shot opens on decides how far from it a subject may go and still be framed:
    // a ball kicked off into the distance does not pull the camera back.
    let reach: Vec<(Vec3, f32)> = (0..scene.shots.len())
        .map(|shot| {
            let start = ((scene.shots[shot].start * options.fps as f32).round() as usize)
                .min(frames.len() - 1);
            let (centre, radius) =
                subject_bounds(scene, shot, &tracks, &frames[start], None).enclosing_sphere();
            (centre, (3.0 * radius).max(radius + 6.0))
        })
        .collect();
    let cameras = camera::film(
        scene,
        options.fps,
        frames.len(),
        options.aspect,
        |shot, frame| {
            // A following camera goes where its subjects go, however far.
            let follow = scene.shots[shot].camera.movement == scene::Movement::Follow;
            let within = (!follow).then_some(reach[shot]);
            (
                subject_bounds(scene, shot, &tracks, &frames[frame], within),
                subject_bounds(scene, shot, &tracks, &frames[frame], None),
            )
        },
    );
    let walls = scene.environment.setting.walls();
    for (frame, mut camera) in frames.iter_mut().zip(cameras) {
        camera.eye = inside_walls(camera.eye, &walls);
        // A point-of-view shot looks out of its person's eyes.
        let shot = &scene.shots[camera.shot as usize].camera;
        if shot.angle == scene::Angle::Pov
            && let Some(id) = shot.subjects.first()
            && let Some(figure) = figures.iter().find(|f| &f.entity == id)
        {
            let eyes = figure.first_track + Limb::Eyes as usize;
            camera = camera::point_of_view(&frame.poses[eyes], figure.scale, camera.shot);
        }
        frame.camera = camera;
    }
    Ok(Timeline {
        version: TIMELINE_VERSION,
        fps: options.fps,
        duration: frames.len() as f64 / options.fps as f64,
        environment: scene.environment.clone(),
        tracks,
        frames,
        contacts,
        slides,
        footsteps,
        moments,
        speech: Vec::new(),
        figures,
    })
}

/// Where a person looks while people talk: a speaker at the nearest other person, a
/// listener at whoever speaks, from each line's start.
fn conversation_looks(scene: &Scene, e: &scene::Entity) -> Vec<person::Performance> {
    let others: Vec<&scene::Entity> = scene
        .entities
        .iter()
        .filter(|o| o.archetype == Archetype::Person && o.id != e.id)
        .collect();
    let distance = |o: &&scene::Entity| Vec3::from(o.position).distance(Vec3::from(e.position));
    scene
        .dialogue
        .iter()
        .filter_map(|line| {
            let at = if line.speaker == e.id {
                others
                    .iter()
                    .min_by(|a, b| distance(a).total_cmp(&distance(b)))
                    .copied()
            } else {
                others.iter().find(|o| o.id == line.speaker).copied()
            }?;
            Some(person::Performance {
                at: line.at,
                verb: Verb::Look,
                look: Some(person::yaw_towards(e, at)),
            })
        })
        .collect()
}

/// The undrawn shape a person's limb carries, relative to its joint.
fn limb_proxy(skeleton: &people::Skeleton, limb: Limb, entity: &scene::Entity) -> Vec<scene::Part> {
    let size = entity.size;
    let (centre, radius) = skeleton.bounds[limb as usize];
    let shape = match limb {
        Limb::Jaw => scene::Shape::Capsule {
            half_height: 0.02 * size,
            radius: scene::MOUTH_RADIUS * size,
        },
        _ if radius > 0.0 => scene::Shape::Sphere {
            radius: radius * size,
        },
        _ => return Vec::new(),
    };
    let offset = if limb == Limb::Jaw {
        Vec3::ZERO
    } else {
        (Vec3::from(centre) - skeleton.pivot(limb)) * size
    };
    vec![scene::Part {
        shape,
        offset: offset.to_array(),
        rotation: [0.0, 0.0, 0.0, 1.0],
        material: scene::Material::Cloth,
        color: entity.color(),
        collides: false,
        limb: Some(limb),
    }]
}

/// Every person's look with every trait set, in the order of the scene's entities: their
/// own, with the entity's colour as the colour of their top unless the look names one,
/// and the rest chosen so that everyone looks different.
fn resolved_looks(scene: &Scene) -> Vec<scene::PersonLook> {
    let wanted: Vec<(scene::PersonLook, String)> = scene
        .entities
        .iter()
        .filter(|e| e.archetype == Archetype::Person)
        .map(|e| {
            let mut look = e.look.clone().unwrap_or_default();
            look.top_color = look.top_color.or(e.color);
            (look, e.id.clone())
        })
        .collect();
    people::resolve_all(&wanted)
}

/// The collision shape of a part.
fn shared_shape(shape: scene::Shape) -> SharedShape {
    match shape {
        scene::Shape::Sphere { radius } => SharedShape::ball(radius),
        scene::Shape::Cuboid {
            half_extents: [x, y, z],
        } => SharedShape::cuboid(x, y, z),
        scene::Shape::Cylinder {
            half_height,
            radius,
        } => SharedShape::cylinder(half_height, radius),
        scene::Shape::Capsule {
            half_height,
            radius,
        } => SharedShape::capsule_y(half_height, radius),
    }
}

/// Keeps a camera on the near side of every wall, so it never films the back of one.
fn inside_walls(eye: [f32; 3], walls: &[scene::Part]) -> [f32; 3] {
    let mut eye = eye;
    for wall in walls {
        let scene::Shape::Cuboid { half_extents } = wall.shape else {
            continue;
        };
        // A wall is thin along one axis; the scene lies on the side of it facing the origin.
        let axis = (0..3)
            .min_by(|&a, &b| half_extents[a].total_cmp(&half_extents[b]))
            .unwrap_or(0);
        let centre = wall.offset[axis];
        let inner = centre - centre.signum() * (half_extents[axis] + 0.3);
        if centre > 0.0 {
            eye[axis] = eye[axis].min(inner);
        } else {
            eye[axis] = eye[axis].max(inner);
        }
    }
    eye
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

/// Records every piece's pose at time `t`.
fn record(
    world: &PhysicsWorld,
    movers: &[Mover],
    gaits: &[motion::Path],
    people: &[Person],
    person_limbs: &dyn Fn(&Person, f32) -> LimbPoses,
    t: f32,
) -> Frame {
    let limbs: Vec<LimbPoses> = people.iter().map(|p| person_limbs(p, t)).collect();
    let poses = movers
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
                let gait = &gaits[*path];
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

/// The box around a shot's subjects at one frame.
/// Parts farther than `within` (a centre and a reach) are left out.
fn subject_bounds(
    scene: &Scene,
    shot: usize,
    tracks: &[Track],
    frame: &Frame,
    within: Option<(Vec3, f32)>,
) -> Bounds {
    let camera = &scene.shots[shot].camera;
    let wanted = |id: &str| {
        if !camera.subjects.is_empty() {
            camera.subjects.iter().any(|s| s == id)
        } else if scene.entities.iter().all(|e| e.fixed) {
            // Nothing moves: frame everything.
            true
        } else {
            // Everything that can move, and the people.
            scene.entity(id).is_some_and(|e| !e.fixed)
        }
    };
    // A close-up of a person is a close-up of their face.
    let close = matches!(
        camera.framing,
        scene::Framing::CloseUp | scene::Framing::ExtremeCloseUp
    );
    let face =
        |limb: Option<Limb>| matches!(limb, Some(Limb::Neck | Limb::Head | Limb::Jaw | Limb::Eyes));
    let mut bounds: Option<Bounds> = None;
    for (track, pose) in tracks.iter().zip(&frame.poses) {
        if !wanted(&track.entity) {
            continue;
        }
        for part in &track.parts {
            if close && part.limb.is_some() && !face(part.limb) {
                continue;
            }
            let centre = Vec3::from(pose.apply(part.offset));
            // Pieces waiting to break out, and a whole that broke, are out of sight.
            if centre.y < breakage::HIDDEN_DEPTH / 2.0 {
                continue;
            }
            if within.is_some_and(|(c, reach)| centre.distance(c) > reach) {
                continue;
            }
            let b = Bounds::sphere(centre, part.shape.bounding_radius());
            bounds = Some(bounds.map_or(b, |a| a.union(b)));
        }
    }
    bounds.unwrap_or(Bounds::sphere(Vec3::new(0.0, 0.5, 0.0), 1.0))
}

/// The scene that starts where `timeline` (simulated from `scene`) ends, lasting
/// `seconds`: every loose thing where it came to be, moving as it was moving, and nothing
/// left to do or say. The camera keeps its last shot.
pub fn continuation(scene: &Scene, timeline: &Timeline, seconds: f32) -> Scene {
    let mut next = scene.clone();
    next.duration = seconds;
    next.actions.clear();
    next.dialogue.clear();
    if let Some(last) = next.shots.pop() {
        next.shots = vec![scene::Shot { start: 0.0, ..last }];
    }
    let (Some(last), Some(before)) = (timeline.frames.last(), timeline.frames.iter().rev().nth(1))
    else {
        return next;
    };
    // The camera holds where it ended, so the cut to the continuation is seamless.
    if let Some(shot) = next.shots.first_mut() {
        shot.camera.placement = Some(scene::Placement {
            eye: last.camera.eye,
            target: last.camera.target,
        });
        shot.camera.fov = last.camera.fov;
    }
    let dt = (last.time - before.time).max(1e-6) as f32;
    for entity in next
        .entities
        .iter_mut()
        .filter(|e| !e.fixed && e.archetype != Archetype::Person)
    {
        let Some(track) = timeline.tracks.iter().position(|t| t.entity == entity.id) else {
            continue;
        };
        let (now, then) = (&last.poses[track], &before.poses[track]);
        let rotation = Quat::from_array(now.rotation).normalize();
        let (z, y, x) = rotation.to_euler(glam::EulerRot::ZYX);
        entity.position = now.position;
        entity.rotation = [x, y, z].map(f32::to_degrees);
        entity.velocity = ((Vec3::from(now.position) - Vec3::from(then.position)) / dt).to_array();
        // The rotation over the last frame, as an angular velocity.
        let turn = rotation * Quat::from_array(then.rotation).normalize().inverse();
        let (axis, angle) = turn.to_axis_angle();
        let angle = if angle > std::f32::consts::PI {
            angle - std::f32::consts::TAU
        } else {
            angle
        };
        entity.spin = (axis * angle / dt).to_array();
    }
    next
}
