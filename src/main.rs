fn main() {
    roundtrip_console::start();
}
