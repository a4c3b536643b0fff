# Darkroom server image. Build the jar first (./mvnw -pl web -am package -DskipTests), then:
#   docker build -t darkroom/server:0.1.0 .
FROM eclipse-temurin:17-jre

# A fixed numeric UID/GID so Kubernetes' runAsNonRoot can check it and fsGroup matches (10001).
RUN groupadd --system --gid 10001 darkroom \
 && useradd --system --uid 10001 --gid 10001 --home-dir /app --no-create-home \
      --shell /usr/sbin/nologin darkroom

# heif-convert (libheif) decodes HEIC/HEIF for thumbnails, ffmpeg/ffprobe serve video-basic;
# without them those units are skipped.
RUN apt-get update -qq \
 && apt-get install -y -qq --no-install-recommends libheif-examples ffmpeg \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
# Owned by root and so not writable by the user the server runs as.
COPY --chown=0:0 web/target/darkroom.jar /app/darkroom.jar

USER 10001:10001
EXPOSE 8080
# The root filesystem is read-only in Kubernetes; only /tmp (an emptyDir there) is written.
# A fixed heap: the server fits in 1 GB whatever the archive's size (docs/benchmarks.md), and a
# heap that runs out ends the process so Kubernetes restarts it instead of leaving it half alive.
ENV JAVA_TOOL_OPTIONS="-Xmx512m -XX:+ExitOnOutOfMemoryError -Djava.io.tmpdir=/tmp"
ENTRYPOINT ["java", "-jar", "/app/darkroom.jar"]
