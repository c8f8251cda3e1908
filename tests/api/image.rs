//! The production image's files, checked where no Docker engine runs: the
//! compose file reads its secrets from `.env` without requiring them (so
//! `docker compose down` works), both services have health checks, the
//! SQLite default has a volume, and the image's binary is stripped.

use serde_json::Value;

fn read(path: &str) -> String {
    std::fs::read_to_string(format!("{}/{path}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

#[test]
fn compose_takes_secrets_from_env_without_requiring_them() {
    let text = read("docker-compose.yml");
    assert!(
        !text.contains(":?"),
        "a required variable breaks `docker compose down`"
    );
    let compose: Value = serde_norway::from_str(&text).unwrap();
    let services = &compose["services"];
    for name in ["postgres", "huying"] {
        assert!(services[name]["healthcheck"]["test"].is_array(), "{name}");
    }
    let env = &services["huying"]["environment"];
    assert_eq!(env["HUYING_JWT_SECRET"], "${HUYING_JWT_SECRET:-}");
    assert!(
        env["DATABASE_URL"]
            .as_str()
            .unwrap()
            .contains("${POSTGRES_PASSWORD:-}")
    );
    assert_eq!(
        services["postgres"]["environment"]["POSTGRES_PASSWORD"],
        "${POSTGRES_PASSWORD:-}"
    );
    let volumes = services["huying"]["volumes"].as_array().unwrap();
    assert!(
        volumes
            .iter()
            .any(|v| v.as_str().unwrap().ends_with(":/var/lib/huying"))
    );

    let example = read(".env.example");
    for var in ["POSTGRES_PASSWORD=", "HUYING_JWT_SECRET="] {
        assert!(example.lines().any(|l| l == var), "{var} listed, empty");
    }
    let ignored = read(".gitignore");
    assert!(ignored.lines().any(|l| l == ".env"));
}

#[test]
fn the_image_runs_a_stripped_binary_as_a_non_root_user() {
    let dockerfile = read("Dockerfile");
    assert!(dockerfile.contains("cargo build --profile image"));
    assert!(dockerfile.contains("USER 10001:10001"));
    assert!(dockerfile.contains("VOLUME [\"/var/lib/huying\"]"));
    assert!(dockerfile.contains("HEALTHCHECK"));
    let cargo = read("Cargo.toml");
    let profile = cargo.split("[profile.image]").nth(1).unwrap();
    let profile = profile.split("\n[").next().unwrap();
    assert!(profile.contains("strip = true") && profile.contains("debug = false"));
}
