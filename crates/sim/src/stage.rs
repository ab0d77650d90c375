//! The stage, set before the first step: the physics world with the ground, the set's
//! walls and a body for every thing; a track for every moving piece; the people with their
//! looks, skeletons and performances; and what the actions will do to the bodies (holds,
//! launches, breakages).

use crate::camera::Bounds;
use crate::{breakage, gait, materials, motion, orientation, person};
use glam::{Quat, Vec3};
use rapier3d::prelude::*;
use scene::{Archetype, Limb, Material, Scene, Verb};
use std::collections::HashMap;
use timeline::{ModelSlot, Track};

/// What a collider belongs to and is made of.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ColliderInfo {
    /// Index into the scene's entities, or None for the ground.
    pub entity: Option<usize>,
    pub material: Material,
}

/// Sets each contact's restitution and friction from the two materials.
pub(crate) struct MaterialHooks {
    pub colliders: Vec<ColliderInfo>,
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

/// The share of a catalogue model's box that is solid: furniture and appliances are
/// mostly air (a wooden wardrobe's box would weigh a tonne; the wardrobe weighs 100 kg).
const MODEL_SOLID_SHARE: f32 = 0.12;

/// Mass in kg at natural size of archetypes that are hollow or not solid material.
fn natural_mass(entity: &scene::Entity) -> Option<f32> {
    Some(match entity.archetype {
        Archetype::Model => {
            let volume: f32 = entity.model.as_ref()?.size.iter().product();
            volume * MODEL_SOLID_SHARE * materials::physical(entity.material()).density
        }
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

/// How a piece of the world moves.
pub(crate) enum Mover {
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
pub(crate) type LimbPoses = Vec<(Vec3, Quat)>;

/// A person being animated.
pub(crate) struct Person {
    pub entity: usize,
    /// Their look, every trait set, and the rest pose of their figure's skeleton.
    pub look: scene::PersonLook,
    pub skeleton: people::Skeleton,
    pub performances: Vec<person::Performance>,
    pub path: motion::Path,
}

/// An object held still (in hands or in the air) until its action releases it.
pub(crate) struct Hold {
    pub body: RigidBodyHandle,
    pub entity: usize,
    /// The person holding it, if any.
    pub holder: Option<usize>,
    /// The step from which it is held: 0 for what is held from the start; for a catch,
    /// none until the object comes within the catcher's reach.
    pub since: Option<usize>,
    /// For a catch: the step from which the catcher reaches for it (until `until`).
    pub reaching_from: Option<usize>,
    /// The step at which it is let go.
    pub until: usize,
}

impl Hold {
    pub fn holds_at(&self, step: usize) -> bool {
        self.since.is_some_and(|s| s <= step) && step < self.until
    }
}

/// How far from the middle of the hands a catcher takes a ball, per unit of their size.
pub(crate) const REACH: f32 = 0.45;

/// A pending change of velocity at a moment.
pub(crate) struct Launch {
    /// The step at which it happens.
    pub step: usize,
    pub body: RigidBodyHandle,
    pub action: usize,
}

/// A thing moved along a scripted path: its body, start, base orientation and path.
pub(crate) struct Scripted {
    pub body: RigidBodyHandle,
    pub start: Vec3,
    pub base: Quat,
    pub path: motion::Path,
}

/// Everything the run steps and records.
pub(crate) struct Stage<'s> {
    /// The scene, its actions in world time.
    pub scene: &'s Scene,
    pub world: PhysicsWorld,
    /// What each collider belongs to and is made of.
    pub hooks: MaterialHooks,
    pub gravity: f32,
    pub people: Vec<Person>,
    pub tracks: Vec<Track>,
    /// How each track moves, in the same order.
    pub movers: Vec<Mover>,
    /// Every thing's scripted path, indexed by `Mover::Swing::path`.
    pub gaits: Vec<motion::Path>,
    pub figures: Vec<timeline::Figure>,
    bodies: HashMap<&'s str, RigidBodyHandle>,
    pub scripted: Vec<Scripted>,
    pub holds: Vec<Hold>,
    pub launches: Vec<Launch>,
    pub breakages: Vec<breakage::Breakage>,
}

/// The step at `time` seconds: moments become step indices so that no comparison of
/// float times can skip one.
pub(crate) fn step_of(time: f32) -> usize {
    (time * crate::STEP_HZ as f32).round() as usize
}

impl<'s> Stage<'s> {
    /// The stage for `scene` (its actions in world time), stepped every `dt` seconds.
    pub fn build(scene: &'s Scene, dt: f32) -> Stage<'s> {
        let gravity = scene.environment.gravity();
        let mut world = PhysicsWorld::new();
        world.gravity = Vec3::new(0.0, -gravity, 0.0);
        world.integration_parameters.dt = dt;
        let mut stage = Stage {
            scene,
            world,
            hooks: MaterialHooks {
                colliders: Vec::new(),
            },
            gravity,
            people: cast(scene),
            tracks: Vec::new(),
            movers: Vec::new(),
            gaits: Vec::new(),
            figures: Vec::new(),
            bodies: HashMap::new(),
            scripted: Vec::new(),
            holds: Vec::new(),
            launches: Vec::new(),
            breakages: Vec::new(),
        };
        stage.add_ground_and_walls();
        for (index, entity) in scene.entities.iter().enumerate() {
            if entity.archetype == Archetype::Person {
                stage.add_person(index);
            } else {
                stage.add_thing(index);
            }
        }
        stage.plan_holds_and_launches();
        stage.prepare_breakages();
        stage
    }

    /// Adds a collider to `body` for `entity` (None for the ground and walls).
    fn add_collider(
        &mut self,
        builder: ColliderBuilder,
        body: RigidBodyHandle,
        entity: Option<usize>,
        material: Material,
    ) {
        let collider = builder
            .user_data(self.hooks.colliders.len() as u128)
            .active_hooks(ActiveHooks::MODIFY_SOLVER_CONTACTS);
        self.hooks.colliders.push(ColliderInfo { entity, material });
        let world = &mut self.world;
        world
            .colliders
            .insert_with_parent(collider, body, &mut world.bodies);
    }

    /// The ground, and the set's walls that stop what flies at them.
    fn add_ground_and_walls(&mut self) {
        let ground = self
            .world
            .bodies
            .insert(RigidBodyBuilder::fixed().translation(Vec3::new(0.0, -0.5, 0.0)));
        let setting = self.scene.environment.setting;
        self.add_collider(
            ColliderBuilder::cuboid(200.0, 0.5, 200.0),
            ground,
            None,
            setting.ground_material(),
        );
        for wall in setting.walls() {
            self.add_collider(
                ColliderBuilder::new(shared_shape(wall.shape)).translation(Vec3::from(wall.offset)),
                ground,
                None,
                wall.material,
            );
        }
    }

    /// A person's figure and a track per limb, each carrying a sphere round its surface,
    /// undrawn (the figure is drawn), for framing the camera; the jaw a mouth-sized capsule.
    fn add_person(&mut self, index: usize) {
        let entity = &self.scene.entities[index];
        let person = self
            .people
            .iter()
            .position(|p| p.entity == index)
            .expect("every person is cast");
        let feelings = self.people[person]
            .performances
            .iter()
            .filter_map(|p| {
                let (expression, from, to) = person::feeling_of(p.verb)?;
                Some(timeline::Feeling {
                    from: p.at + from,
                    to: p.at + to,
                    expression,
                })
            })
            .collect();
        self.figures.push(timeline::Figure {
            entity: entity.id.clone(),
            look: self.people[person].look.clone(),
            first_track: self.tracks.len(),
            scale: entity.size,
            feelings,
        });
        for limb in Limb::ALL {
            self.tracks.push(Track {
                entity: entity.id.clone(),
                parts: limb_proxy(&self.people[person].skeleton, limb, entity),
                model: None,
            });
            self.movers.push(Mover::Limb(person, limb));
        }
    }

    /// A thing's rigid body with its colliders, and its tracks: one for the thing, and one
    /// for each of an animal's legs or a bird's wings, which swing on the body as it goes.
    fn add_thing(&mut self, index: usize) {
        let scene = self.scene;
        let entity = &scene.entities[index];
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
        let body = self.world.bodies.insert(
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
        let mass = natural_mass(entity).map(|m| m * entity.size.powi(3));
        // A catalogue model collides as the hull of its own shape, where it can be read;
        // everything else as its parts.
        let hull = match (entity.archetype, &entity.model) {
            (Archetype::Model, Some(model)) => crate::hulls::points(model).and_then(|points| {
                let sized: Vec<Vec3> = points.iter().map(|p| *p * entity.size).collect();
                ColliderBuilder::convex_hull(&sized)
            }),
            _ => None,
        };
        let colliders: Vec<(ColliderBuilder, Material)> = match hull {
            Some(builder) => vec![(builder, entity.material())],
            None => parts
                .iter()
                .filter(|p| p.collides)
                .map(|part| {
                    let builder = ColliderBuilder::new(shared_shape(part.shape)).position(
                        Pose3::from_parts(Vec3::from(part.offset), Quat::from_array(part.rotation)),
                    );
                    (builder, part.material)
                })
                .collect(),
        };
        let share = colliders.len().max(1) as f32;
        for (builder, material) in colliders {
            let builder = match mass {
                Some(m) => builder.mass(m / share),
                None => builder.density(materials::physical(material).density),
            };
            self.add_collider(builder, body, Some(index), material);
        }
        let slot = model_slot(entity, &parts);
        let (swinging, rest): (Vec<_>, Vec<_>) = parts.into_iter().partition(|p| p.limb.is_some());
        self.tracks.push(Track {
            entity: entity.id.clone(),
            parts: rest,
            model: slot.clone(),
        });
        self.movers.push(Mover::Body(body));
        for part in swinging {
            let hinge = gait::hinge(&part);
            self.tracks.push(Track {
                entity: entity.id.clone(),
                parts: vec![scene::Part {
                    offset: (Vec3::from(part.offset) - hinge).to_array(),
                    ..part
                }],
                model: slot.clone().map(|slot| ModelSlot {
                    hinge: Some(hinge.to_array()),
                    ..slot
                }),
            });
            self.movers.push(Mover::Swing {
                body,
                hinge,
                swing: gait::Swing::of(&part),
                path: self.gaits.len(),
            });
        }
        self.gaits.push(path.clone());
        self.bodies.insert(entity.id.as_str(), body);
        if !path.is_empty() && !entity.fixed {
            self.scripted.push(Scripted {
                body,
                start: Vec3::from(entity.position),
                base: orientation(entity),
                path,
            });
        }
    }

    /// The person acting as `actor`, if any.
    fn person_of(&self, actor: Option<&str>) -> Option<usize> {
        actor.and_then(|a| {
            self.people
                .iter()
                .position(|p| self.scene.entities[p.entity].id == a)
        })
    }

    /// Whether a person throws (or shoots) the action's object.
    fn throws(&self, action: &scene::Action) -> bool {
        self.person_of(action.actor.as_deref()).is_some()
            && matches!(action.verb, Verb::Shoot | Verb::Throw)
    }

    /// What is held until it is dropped, thrown or shot; what a catcher takes in flight;
    /// and the moments things are pushed, rolled, thrown, shot or kicked.
    fn plan_holds_and_launches(&mut self) {
        let scene = self.scene;
        for (i, action) in scene.actions.iter().enumerate() {
            let Some(&body) = self.bodies.get(action.object.as_str()) else {
                continue;
            };
            let entity = scene
                .entities
                .iter()
                .position(|e| e.id == action.object)
                .expect("validated");
            let holder = self.person_of(action.actor.as_deref());
            // The throw before this action of the same object, if any.
            let previous_throw = scene.actions[..i]
                .iter()
                .rev()
                .find(|a| a.object == action.object && self.throws(a));
            if action.verb == Verb::Drop || (self.throws(action) && previous_throw.is_none()) {
                self.holds.push(Hold {
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
            // A catch of something thrown: the catcher takes it when it comes within
            // reach, and holds it until they throw it on.
            if action.verb == Verb::Catch
                && let (Some(catcher), Some(thrown)) = (holder, previous_throw)
            {
                let next_throw = scene.actions[i..]
                    .iter()
                    .find(|a| a.object == action.object && self.throws(a));
                self.holds.push(Hold {
                    body,
                    entity,
                    holder: Some(catcher),
                    since: None,
                    reaching_from: Some(step_of(thrown.at + 0.3)),
                    until: next_throw.map_or(usize::MAX, |a| step_of(a.at)),
                });
            }
            if matches!(
                action.verb,
                Verb::Push | Verb::Roll | Verb::Shoot | Verb::Throw | Verb::Kick
            ) {
                self.launches.push(Launch {
                    step: step_of(action.at),
                    body,
                    action: i,
                });
            }
        }
    }

    /// Things that break get their pieces now, waiting out of sight.
    fn prepare_breakages(&mut self) {
        let scene = self.scene;
        for action in scene.actions.iter().filter(|a| a.verb == Verb::Break) {
            let Some(&body) = self.bodies.get(action.object.as_str()) else {
                continue;
            };
            let index = scene
                .entities
                .iter()
                .position(|e| e.id == action.object)
                .expect("validated");
            let entity = &scene.entities[index];
            let mut pieces = Vec::new();
            for (k, part) in breakage::pieces(entity).into_iter().enumerate() {
                let hidden = Vec3::new(
                    entity.position[0] + k as f32,
                    breakage::HIDDEN_DEPTH,
                    entity.position[2],
                );
                let piece = self.world.bodies.insert(
                    RigidBodyBuilder::kinematic_position_based()
                        .translation(hidden)
                        .can_sleep(false),
                );
                self.add_collider(
                    ColliderBuilder::new(shared_shape(part.shape))
                        .density(materials::physical(part.material).density),
                    piece,
                    Some(index),
                    part.material,
                );
                self.tracks.push(Track {
                    entity: entity.id.clone(),
                    parts: vec![part],
                    model: None,
                });
                self.movers.push(Mover::Body(piece));
                pieces.push(piece);
            }
            self.breakages.push(breakage::Breakage {
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
    }

    /// Joint position and rotation of each of person `p`'s limbs at time `t`.
    pub fn person_limbs(&self, p: &Person, t: f32) -> LimbPoses {
        let e = &self.scene.entities[p.entity];
        let (offset, turn) = p.path.at(t);
        person::limb_transforms(
            Vec3::from(e.position) + offset,
            Quat::from_rotation_y(turn) * orientation(e),
            e.size,
            &person::pose_at(t, &p.performances, p.path.travelling(t), p.entity as f32),
            &p.skeleton,
        )
    }

    /// Where a held thing's base is at `step`: in its holder's hands, else where it was put.
    pub fn hold_point(&self, hold: &Hold, step: usize) -> Vec3 {
        let t = step as f32 * self.world.integration_parameters.dt;
        let e = &self.scene.entities[hold.entity];
        match hold.holder {
            Some(p) => {
                let radius = e.archetype.ball_radius().unwrap_or(0.15) * e.size;
                let holder = &self.people[p];
                // The body's origin is its base; the hands hold its centre.
                person::hands_point(
                    &self.person_limbs(holder, t),
                    self.scene.entities[holder.entity].size,
                    radius,
                ) - Vec3::Y * radius
            }
            None => Vec3::from(e.position),
        }
    }
}

/// Every person with their resolved look, skeleton, performances and path.
fn cast(scene: &Scene) -> Vec<Person> {
    scene
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
        .collect()
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

/// Where a model of a thing's kind would go: the box round all its parts, legs included.
/// Only everyday things from the catalogue have models.
fn model_slot(entity: &scene::Entity, parts: &[scene::Part]) -> Option<ModelSlot> {
    if entity.model.is_none() && !matches!(entity.archetype, Archetype::Thing(_)) {
        return None;
    }
    let (low, high) = parts.iter().fold(
        (Vec3::splat(f32::MAX), Vec3::splat(f32::MIN)),
        |(low, high), part| {
            let b = Bounds::of_part(part, &timeline::Pose::IDENTITY);
            (low.min(b.min), high.max(b.max))
        },
    );
    (low.x <= high.x).then(|| ModelSlot {
        kind: entity.archetype.name().to_string(),
        asset: entity.model.as_ref().map(|m| m.id.clone()),
        fit: [low.to_array(), high.to_array()],
        color: entity.color,
        hinge: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model(size: [f32; 3], material: Option<scene::Material>) -> scene::Entity {
        let mut e = scene::Entity::new("it", Archetype::Model, [0.0; 3]);
        e.model = Some(scene::CatalogModel {
            id: "Blend Swap CC-0#wardrobe".into(),
            size,
        });
        e.material = material;
        e
    }

    #[test]
    fn a_catalogue_model_collides_as_the_hull_of_its_shape() {
        let mut scene = Scene::new(1.0);
        let mut piano = model([1.7, 1.78, 1.32], None);
        piano.model.as_mut().unwrap().id = "Blend Swap CC-0#pianoAQueue".into();
        scene.entities.push(piano);
        let stage = Stage::build(&scene, 1.0 / 60.0);
        let shapes: Vec<_> = stage
            .world
            .colliders
            .iter()
            .filter(|(_, c)| stage.hooks.colliders[c.user_data as usize].entity == Some(0))
            .map(|(_, c)| c.shape().shape_type())
            .collect();
        assert_eq!(shapes, [ShapeType::ConvexPolyhedron]);
    }

    #[test]
    fn a_catalogue_model_weighs_what_its_size_and_material_make_it() {
        // A wooden wardrobe 2 m wide and 2.4 m high, and a plastic printer.
        let wardrobe = natural_mass(&model([0.66, 2.36, 2.0], None)).unwrap();
        assert!((100.0..400.0).contains(&wardrobe), "{wardrobe} kg");
        let printer =
            natural_mass(&model([0.33, 0.19, 0.45], Some(scene::Material::Plastic))).unwrap();
        assert!((1.0..10.0).contains(&printer), "{printer} kg");
        let steel = model([0.66, 2.36, 2.0], Some(scene::Material::Metal));
        assert!(natural_mass(&steel).unwrap() > 5.0 * wardrobe);
    }
}
