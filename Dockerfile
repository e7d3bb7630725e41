# Signals worker image. Base images are arguments so the image can be built against local or
# mirrored copies: buildah bud --build-arg SDK_IMAGE=... --build-arg RUNTIME_IMAGE=... .
ARG SDK_IMAGE=mcr.microsoft.com/dotnet/sdk:10.0.401
ARG RUNTIME_IMAGE=mcr.microsoft.com/dotnet/aspnet:10.0.12

FROM ${SDK_IMAGE} AS build
# Set by BuildKit/buildah to the image's architecture (amd64, arm64): the native libraries (SQLite, LightGBM,
# SkiaSharp) must be the image's, not the build machine's.
ARG TARGETARCH=amd64
WORKDIR /src
# Restore first, from the project files only, so the package layer is cached across code changes.
COPY Directory.Build.props Directory.Packages.props Signals.sln ./
COPY src/Signals/Signals.csproj src/Signals/
COPY src/Signals.Worker/Signals.Worker.csproj src/Signals.Worker/
RUN RID=linux-$([ "$TARGETARCH" = amd64 ] && echo x64 || echo "$TARGETARCH") \
    && echo "$RID" > /tmp/rid && dotnet restore src/Signals.Worker/Signals.Worker.csproj -p:RuntimeIdentifier=$RID
COPY src/ src/
COPY config/ config/
COPY models/ models/
COPY samples/ samples/
# The project copies config/, models/ and samples/ beside the binary.
RUN dotnet publish src/Signals.Worker/Signals.Worker.csproj -c Release --no-restore -p:RuntimeIdentifier=$(cat /tmp/rid) -o /app

FROM ${RUNTIME_IMAGE}
# libgomp1: the OpenMP runtime that the LightGBM and FastTree natives of ML.NET load;
# fonts-dejavu-core: a font for the text of the alert chart (SkiaSharp draws none without one);
# apertium with the fra-cat and eng-cat pairs: French posts are also read through an English translation (fr→ca→en),
# pinned because the model's translation weight was chosen on this version's output (the card names it): Debian bookworm's
# versions, the base of scripts/build-image.sh (another release has other versions: pin the card's).
RUN apt-get update \
    && apt-get install -y --no-install-recommends libgomp1 fonts-dejavu-core \
       apertium=3.8.3-1+b2 apertium-fra-cat=1.10.0-1 apertium-eng-cat=1.0.1-5 \
    && rm -rf /var/lib/apt/lists/*
# A fixed non-root user; the only writable place is the data volume (the root file system can be read-only), which also
# keeps OnnxRuntime's optimized MiniLM graph between starts (XDG_CACHE_HOME: the first start saves it, later ones skip the optimizer).
RUN mkdir -p /var/lib/signals/outbox && chown -R 10001:10001 /var/lib/signals
WORKDIR /app
COPY --from=build /app ./
ENV Signals__Storage__ConnectionString="Data Source=/var/lib/signals/signals.db" \
    Signals__Email__PickupDirectory=/var/lib/signals/outbox \
    Signals__Health__Host="*" \
    XDG_CACHE_HOME=/var/lib/signals/cache \
    DOTNET_CLI_TELEMETRY_OPTOUT=1
VOLUME ["/var/lib/signals"]
# 8081: the review page, when Signals__Review__Port=8081 and Signals__Review__Host=* (which needs Signals__Review__Users).
# 8080: /health/live and /health/ready (`signals health` asks them, as the image has no curl); 9464: Prometheus /metrics.
# Both listen on every interface here (Signals__Health__Host above; a local run keeps them on 127.0.0.1): publish them only to ops.
EXPOSE 8080 9464
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 CMD ["dotnet", "/app/signals.dll", "health"]
USER 10001:10001
# Mount your own watch list, lexicons or model over /app/config and /app/models.
ENTRYPOINT ["dotnet", "/app/signals.dll"]
CMD ["run"]
