import { parseDistribution } from '../src/distributions/spec.ts';
import { divergencePanel } from '../src/numerics/panel.ts';
import { formatNumber } from '../src/format.ts';

const pData = parseDistribution('0.3*normal(-2, 0.5) + 0.7*laplace(1.5, 1)');
const pG = parseDistribution('normal(0, 2)');
const panel = divergencePanel(pData, pG);
document.querySelector('#check')!.textContent =
  `For P_data = ${pData} and P_G = ${pG}: C(G) = ${formatNumber(panel.cOfG.value, 12)}, ` +
  `−log 4 + 2·JSD = ${formatNumber(panel.cOfGFromJsd, 12)}.`;
