enum ModelsModule {}
