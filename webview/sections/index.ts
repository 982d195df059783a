// The panel's sections in display order: results first, then the findings table (the header's notes
// already flag conflicts, which stop the width computation). A later stage (decomposition, Lipschitz,
// generalization) adds one module exporting a Section and one entry here.
import { decomposition } from './decomposition';
import { header } from './header';
import { memorization } from './memorization';
import { multiclass } from './multiclass';
import { sanity } from './sanity';
import type { Section } from './section';

export const sections: Section[] = [header, memorization, multiclass, decomposition, sanity];
