"""Ways to ask from elsewhere that sit on `QAService` like the API does."""
