fn main() {
    copydesk::cli::end_process(copydesk::cli::main());
}
