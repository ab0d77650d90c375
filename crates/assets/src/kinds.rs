//! Which model draws each kind of thing in Diorama's catalogue, chosen by hand: the model
//! that looks most like the kind, unbranded, at about the kind's size (CC0 where two are
//! equally good).

/// Each kind (by its scene-file name) and the catalogue id of the model that draws it.
const BEST: &[(&str, &str)] = &[
    // Animals.
    ("dog", "Blend Swap CC-BY#bulldog"),
    ("cat", "Blend Swap CC-BY#siameseCat"),
    ("horse", "Blend Swap CC-0#horse2"),
    ("rabbit", "Scopia#rabbit"),
    ("chicken", "Blend Swap CC-0#chicken"),
    // Vehicles: unbranded ones.
    ("car", "Kator Legaz#concept-sedan-01v2"),
    ("bus", "Scopia#cityBus"),
    ("truck", "Scopia#truck"),
    ("van", "Scopia#van"),
    ("bicycle", "Scopia#bicycle"),
    // The packs' "motorbike" is a child's spring rider: a motor scooter instead.
    ("motorcycle", "Kator Legaz#scooter"),
    ("tricycle", "Scopia#tricycle"),
    ("wheelchair", "Blend Swap CC-BY#wheelchair"),
    ("stroller", "Scopia#stroller"),
    ("boat", "Blend Swap CC-BY#rowboat"),
    ("skateboard", "Scopia#skateboard"),
    // Furniture.
    ("chair", "Blend Swap CC-0#chair"),
    ("stool", "Blend Swap CC-0#stool"),
    ("bench", "Blend Swap CC-0#bench"),
    ("sofa", "Blend Swap CC-0#sofa2"),
    ("bed", "Blend Swap CC-0#bed1"),
    ("bookshelf", "Blend Swap CC-0#bookcase"),
    ("cabinet", "Blend Swap CC-0#highCabinet"),
    ("nightstand", "Blend Swap CC-0#bedsideTable2"),
    ("coffee_table", "Scopia#coffee_table"),
    ("lamp", "Scopia#living_lamp"),
    ("rug", "Kator Legaz#oriental-rug"),
    ("curtain", "Scopia#curtain"),
    ("door", "Scopia#door"),
    ("window", "Scopia#turn-window"),
    ("bathtub", "Blend Swap CC-BY#bath_jay_hardy"),
    ("sink", "Blend Swap CC-0#washbasin"),
    ("fridge", "Blend Swap CC-0#refrigerator"),
    ("oven", "Blend Swap CC-0#oven"),
    ("washing_machine", "Blend Swap CC-BY#washing_machine"),
    ("whiteboard", "Blend Swap CC-0#whiteBoard"),
    // Household things.
    ("microwave", "Blend Swap CC-BY#microwave"),
    ("television", "Blend Swap CC-0#led_tv"),
    ("mug", "Kator Legaz#coffee-mug"),
    ("cup", "Scopia#cup"),
    ("pan", "Blend Swap CC-BY#largePan"),
    ("bottle", "Kator Legaz#red-wine-bottle-01"),
    ("jar", "Scopia#old_jar"),
    ("spoon", "Blend Swap CC-BY#spoon"),
    ("knife", "Blend Swap CC-BY#kitchenKnife"),
    ("cutting_board", "Blend Swap CC-BY#choppingBoard"),
    ("candle", "Scopia#candle"),
    ("book", "Blend Swap CC-BY#book"),
    ("bag", "Blend Swap CC-BY#backpack"),
    ("suitcase", "Blend Swap CC-BY#suitcase"),
    ("basket", "Scopia#shopping-basket"),
    ("trash_can", "Kator Legaz#recycling-bin"),
    ("umbrella", "Blend Swap CC-0#umbrella"),
    ("gift", "Blend Swap CC-BY#gift"),
    ("cardboard_box", "Scopia#cardboard-box"),
    ("barrel", "Blend Swap CC-0#barrel"),
    ("hat", "Scopia#chapeau"),
    ("shoe", "Scopia#sneakers"),
    // Food.
    ("bread", "Blend Swap CC-0#bread"),
    ("cake", "Scopia#birthday_cake"),
    ("milk_carton", "Blend Swap CC-0#tetrapak"),
    // Gadgets and tools.
    ("flashlight", "Kator Legaz#flashlight"),
    ("phone", "Blend Swap CC-BY#mobile"),
    ("laptop", "Blend Swap CC-BY#laptop"),
    ("headphones", "Blend Swap CC-0#headphones"),
    ("radio", "Blend Swap CC-BY#radio"),
    ("glasses", "Scopia#glasses"),
    ("hammer", "Scopia#marteau"),
    ("saw", "Scopia#scie-egoine"),
    ("shovel", "Scopia#shovel"),
    ("ladder", "Scopia#step-ladder-metal"),
    ("scissors", "Blend Swap CC-0#cissors_swap"),
    // Sports and toys.
    ("racket", "Blend Swap CC-0#tennisRacket"),
    ("goal", "Scopia#big-football-goal"),
    ("traffic_cone", "Scopia#cone"),
    ("trampoline", "Scopia#trampoline"),
    ("chessboard", "Blend Swap CC-BY#chessboard"),
    ("teddy_bear", "Blend Swap CC-0#teddyBear"),
    ("doll", "Scopia#doll"),
    ("toy_train", "Blend Swap CC-BY#toyTrain"),
    ("rocking_horse", "Blend Swap CC-0#caballito"),
    // Nature.
    ("palm_tree", "Scopia#palm"),
    ("flower", "Blend Swap CC-BY#tulip"),
    ("flower_pot", "Blend Swap CC-0#plant"),
    ("boulder", "Blend Swap CC-0#rock1"),
    // Outdoors.
    ("snowman", "Blend Swap CC-BY#bonecoDeNeve"),
    ("tent", "Scopia#campingTent"),
    ("fountain", "Blend Swap CC-BY#fountain"),
    ("fence", "Blend Swap CC-0#fence"),
    ("lamp_post", "Scopia#candelabre"),
    ("mailbox", "Blend Swap CC-0#mofx_mailbox"),
    ("fire_hydrant", "Kator Legaz#fire-hydrant"),
    ("swing", "Blend Swap CC-0#childSwing"),
];

/// The catalogue id of the model that draws `kind` (a scene-file name such as `dog` or
/// `fire_hydrant`), if one does.
pub fn model_for(kind: &str) -> Option<&'static str> {
    BEST.iter().find(|(k, _)| *k == kind).map(|(_, id)| *id)
}

/// Every kind that has a model, with its model's id.
pub fn kinds_with_models() -> impl Iterator<Item = (&'static str, &'static str)> {
    BEST.iter().copied()
}
