import { writeFileSync, readFileSync, existsSync } from 'node:fs';
import { chromium } from 'playwright';
import { benchResumes, toDocx, toPdf } from './bench/make-resumes.js';
import { CHROMIUM_ARGS, resolveExecutablePath } from './src/infra/browser.js';
import { readResume } from './src/profile/index.js';
const dir = '/tmp/q/res/';
const rs = benchResumes(24);
if (!existsSync(dir + 'r0.pdf')) {
  const b = await chromium.launch({ executablePath: resolveExecutablePath({}), args: CHROMIUM_ARGS });
  const p = await b.newPage();
  for (const [i, r] of rs.entries()) { writeFileSync(`${dir}r${i}.pdf`, await toPdf(r, p)); writeFileSync(`${dir}r${i}.docx`, await toDocx(r)); }
  await b.close();
}
for (const ext of ['pdf', 'docx']) {
  await readResume(`w.${ext}`, readFileSync(`${dir}r0.${ext}`)); // warm
  const before = process.cpuUsage(); const t = performance.now();
  for (let i = 1; i < 24; i++) await readResume(`r${i}.${ext}`, readFileSync(`${dir}r${i}.${ext}`));
  const u = process.cpuUsage(before);
  console.log(ext, 'cpu ms/resume', ((u.user + u.system) / 1000 / 23).toFixed(1), 'wall', ((performance.now() - t) / 23).toFixed(1));
}
