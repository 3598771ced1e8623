# Shared by the bench scripts: source it after setting ROOT to the repository root.

# Path of the gateway jar, built first when target/ has none.
jar() {
  local jar
  jar=$(ls "$ROOT"/target/cortex-gateway-*.jar 2>/dev/null | grep -v '\.original$' | head -1 || true)
  if [ -z "$jar" ]; then
    (cd "$ROOT" && mvn -B -q package -DskipTests) >&2
    jar=$(ls "$ROOT"/target/cortex-gateway-*.jar | grep -v '\.original$' | head -1)
  fi
  echo "$jar"
}
