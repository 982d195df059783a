// The panel's sections in display order: the summary, why no width (only when none was found), the
// data findings (in this fixed place from the moment their stage is done, so results arriving later
// never push them around), then the results. The optional stages follow the width results in the
// order the analysis runs them: the decomposition (why this width), Lipschitz (which
// builds on the separation and the memorizing network), then generalization (the same network on
// held-out points). A new stage adds one module exporting a Section and one entry here.
import { decomposition } from './decomposition';
import { generalization } from './generalization';
import { header } from './header';
import { lipschitz } from './lipschitz';
import { memorization } from './memorization';
import { multiclass } from './multiclass';
import { noWidth } from './noWidth';
import { sanity } from './sanity';
import type { Section } from './section';

export const sections: Section[] = [header, noWidth, sanity, memorization, multiclass, decomposition, lipschitz, generalization];
