# One image for every syncfleet role; the role is chosen by the command (see docker-compose.yml).
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -B -q -DskipTests -Dmaven.test.skip=true package -pl syncfleet -am

FROM eclipse-temurin:17-jre
RUN apt-get update && apt-get install -y --no-install-recommends rsync openssh-client \
    && rm -rf /var/lib/apt/lists/*
COPY --from=build /src/syncfleet/target/syncfleet.jar /opt/syncfleet/syncfleet.jar
ENV LC_ALL=C.UTF-8
ENTRYPOINT ["java", "-jar", "/opt/syncfleet/syncfleet.jar"]
CMD ["--help"]
