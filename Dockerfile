# syntax=docker/dockerfile:1

# huying: build once, run as a small non-root image.
#
#   docker build -t huying .
#   docker run --rm -p 8080:8080 \
#     -e DATABASE_URL=postgres://USER:PASSWORD@HOST:5432/DB \
#     -e HUYING_JWT_SECRET=<32+ bytes> huying
#
# Migrations run at start-up (several replicas may start at once: they
# serialise on a PostgreSQL advisory lock). Without DATABASE_URL the service
# uses a SQLite file in the working directory, /var/lib/huying, a volume:
# mount one there (-v huying-data:/var/lib/huying) to keep it.

# ---- build ------------------------------------------------------------------
# The crate needs Rust >= 1.94. Its C code (bundled SQLite, aws-lc-rs) builds
# with the gcc that the image already has; no cmake or clang is needed.
FROM rust:1.95-bookworm AS build
WORKDIR /src

COPY . .

# The registry and the target directory are cache mounts, so a rebuild after
# a source change reuses the compiled dependencies. The target directory is
# not part of the image, hence the copy out of it in the same step. The
# `image` profile (Cargo.toml) is the release build, stripped.
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,target=/usr/local/cargo/git \
    --mount=type=cache,target=/src/target \
    cargo build --profile image --locked --bin huying \
 && cp target/image/huying /usr/local/bin/huying

# ---- run --------------------------------------------------------------------
FROM debian:bookworm-slim AS runtime

# ca-certificates: TLS to a managed PostgreSQL; curl: the health check.
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates curl \
 && rm -rf /var/lib/apt/lists/*

RUN groupadd --system --gid 10001 huying \
 && useradd --system --uid 10001 --gid huying \
      --home-dir /var/lib/huying --create-home --shell /usr/sbin/nologin huying

COPY --from=build /usr/local/bin/huying /usr/local/bin/huying

USER 10001:10001
WORKDIR /var/lib/huying
# The SQLite default (sqlite://huying.db) lives here.
VOLUME ["/var/lib/huying"]

ENV HUYING_BIND=0.0.0.0:8080
EXPOSE 8080

# Ready means the database answers too. Adjust the port if HUYING_BIND changes.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["curl", "-fsS", "-o", "/dev/null", "http://127.0.0.1:8080/readyz"]

# SIGTERM (the default stop signal) and SIGINT make the server stop
# accepting and drain in-flight requests for up to 30 s: give it a stop
# timeout above that.
ENTRYPOINT ["huying"]
CMD ["serve"]
