// Shows a slider's value in its <output> as it moves (the form works without this: the value is posted anyway).
document.addEventListener('input', (event) => {
  const range = event.target;
  if (range.matches && range.matches('input[type=range][data-output]')) {
    const output = document.getElementById(range.dataset.output);
    if (output) output.textContent = range.value;
  }
});
