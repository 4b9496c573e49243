// Runs a bench module's `run()` when the file is executed directly, printing one JSON line per figure.
module.exports = function main(module, run) {
  if (require.main !== module) return;
  run().then(
    (figures) => figures.forEach((figure) => console.log(JSON.stringify(figure))),
    (error) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
};
