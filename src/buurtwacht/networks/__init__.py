"""Networks of groups: neighbouring groups and the admins of a wijk, who know each other and pass alerts on."""
