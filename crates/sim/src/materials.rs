//! How materials behave in contact.
//!
//! Each material has a coefficient of restitution (how much of the closing speed comes
//! back when it strikes something rigid), a compliance (how much it gives), a friction
//! coefficient, a density and a rolling resistance. A pair's restitution is the
//! compliance-weighted mean of the two: the softer body stores most of the impact's
//! energy, so a rubber ball on hardwood bounces like rubber, a crate on grass like grass.

use scene::Material;

/// Contact properties of one material.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Physical {
    /// Coefficient of restitution against a rigid surface.
    pub restitution: f32,
    /// Relative compliance: how much the material gives in an impact.
    pub compliance: f32,
    /// Coulomb friction coefficient.
    pub friction: f32,
    /// Density in kg/m³ (solid bodies).
    pub density: f32,
    /// Rolling-resistance coefficient on this surface.
    pub rolling: f32,
}

/// The contact properties of a material.
pub fn physical(material: Material) -> Physical {
    let p = |restitution, compliance, friction, density, rolling| Physical {
        restitution,
        compliance,
        friction,
        density,
        rolling,
    };
    match material {
        Material::Rubber => p(0.82, 1.0, 0.8, 1100.0, 0.03),
        Material::Wood => p(0.42, 0.06, 0.5, 600.0, 0.004),
        Material::Glass => p(0.9, 0.01, 0.35, 2500.0, 0.002),
        Material::Light => p(0.6, 0.05, 0.4, 1200.0, 0.004),
        Material::Metal => p(0.6, 0.01, 0.4, 7800.0, 0.002),
        Material::Plastic => p(0.55, 0.2, 0.45, 950.0, 0.006),
        Material::Stone => p(0.35, 0.02, 0.7, 2600.0, 0.01),
        Material::Ceramic => p(0.4, 0.02, 0.5, 2300.0, 0.004),
        Material::Leather => p(0.72, 0.8, 0.7, 900.0, 0.03),
        Material::Felt => p(0.3, 0.3, 0.22, 400.0, 0.012),
        Material::Resin => p(0.93, 0.02, 0.2, 1700.0, 0.003),
        Material::Cloth => p(0.1, 1.0, 0.8, 300.0, 0.05),
        Material::Grass => p(0.25, 0.7, 0.65, 1200.0, 0.06),
        Material::Asphalt => p(0.5, 0.03, 0.9, 2300.0, 0.012),
        Material::Snow => p(0.08, 2.0, 0.3, 400.0, 0.2),
        Material::Sand => p(0.05, 2.0, 0.8, 1600.0, 0.25),
        Material::Paper => p(0.2, 0.8, 0.5, 700.0, 0.05),
        Material::Flesh => p(0.2, 1.2, 0.7, 1000.0, 0.06),
        Material::Water => p(0.02, 4.0, 0.05, 1000.0, 0.5),
        Material::Ice => p(0.5, 0.01, 0.03, 917.0, 0.001),
    }
}

/// Restitution of a pair: the compliance-weighted mean of the two materials'.
pub fn pair_restitution(a: Material, b: Material) -> f32 {
    let (pa, pb) = (physical(a), physical(b));
    (pa.restitution * pa.compliance + pb.restitution * pb.compliance)
        / (pa.compliance + pb.compliance)
}

/// Friction of a pair: the geometric mean of the two coefficients.
pub fn pair_friction(a: Material, b: Material) -> f32 {
    (physical(a).friction * physical(b).friction).sqrt()
}

/// Rolling resistance of a pair: the sum of both (each deforms a little).
pub fn pair_rolling(a: Material, b: Material) -> f32 {
    physical(a).rolling + physical(b).rolling
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_softer_material_sets_the_bounce() {
        let rubber_on_wood = pair_restitution(Material::Rubber, Material::Wood);
        assert!(rubber_on_wood > 0.75, "{rubber_on_wood}");
        let wood_on_wood = pair_restitution(Material::Wood, Material::Wood);
        assert!((wood_on_wood - 0.42).abs() < 1e-6);
        let wood_on_sand = pair_restitution(Material::Wood, Material::Sand);
        assert!(wood_on_sand < 0.1);
        assert_eq!(
            pair_restitution(Material::Glass, Material::Metal),
            pair_restitution(Material::Metal, Material::Glass)
        );
    }
}
