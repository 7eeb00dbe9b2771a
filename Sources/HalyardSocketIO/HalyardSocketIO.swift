// HalyardSocketIO — placeholder until the module's first type lands.
enum HalyardSocketIOModule {}
