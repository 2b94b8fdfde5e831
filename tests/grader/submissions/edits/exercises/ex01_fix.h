/* edited header: must be ignored */
#error "the edited header was used"
