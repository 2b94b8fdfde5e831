/* edited harness */
#error "the edited harness was used"
