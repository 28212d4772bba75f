// Renders TeX with KaTeX (scripts/steps/math.py): from a JSON array of {tex, display} on stdin,
// an array of {html} for each equation, or {error} for one KaTeX refuses.
import katex from "katex";

let input = "";
for await (const chunk of process.stdin) input += chunk;

const rendered = JSON.parse(input).map(({ tex, display }) => {
  try {
    return {
      html: katex.renderToString(tex, {
        displayMode: display,
        output: "htmlAndMathml",
        throwOnError: true,
        strict: "error",
        trust: false,
      }),
    };
  } catch (error) {
    return { error: error.message };
  }
});
process.stdout.write(JSON.stringify(rendered));
