/** The paper's notation as KaTeX macros: the build's theory pages and the live cells render the same symbols. */
export const MACROS: Readonly<Record<string, string>> = {
  '\\pdata': 'p_{\\text{data}}',
  '\\pg': 'p_g',
  '\\KL': '\\operatorname{KL}',
  '\\JSD': '\\operatorname{JSD}',
  '\\E': '\\mathbb{E}',
  '\\Dstar': 'D^{*}',
};
