import { FeatureTabPage } from '../../tabs/FeatureTabPage';

export default function BrochureTabPage() {
  return <FeatureTabPage tab='brochure' />;
}
