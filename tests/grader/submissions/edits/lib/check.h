/* edited library: must be ignored */
#error "the edited library was used"
